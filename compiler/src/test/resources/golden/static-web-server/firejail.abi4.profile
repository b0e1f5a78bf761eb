landlock.enforce
landlock.fs.read /usr
landlock.fs.execute /usr
landlock.fs.read /etc/nginx
landlock.fs.execute /etc/nginx
landlock.fs.read /etc/ssl
landlock.fs.execute /etc/ssl
landlock.fs.read /srv/www
landlock.fs.execute /srv/www
landlock.fs.read /var/log/nginx
landlock.fs.read /var/cache/nginx
