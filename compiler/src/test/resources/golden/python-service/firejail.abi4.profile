landlock.enforce
landlock.fs.read /usr
landlock.fs.execute /usr
landlock.fs.read /opt/app
landlock.fs.execute /opt/app
landlock.fs.read /var/lib/app
landlock.fs.write /var/lib/app
landlock.fs.makeipc /var/lib/app
landlock.fs.makedev /var/lib/app
landlock.fs.read /tmp
landlock.fs.write /tmp
landlock.fs.makeipc /tmp
landlock.fs.makedev /tmp
