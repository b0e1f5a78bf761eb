landrun --best-effort --log-enable-subprocesses --ro /var/log/nginx,/var/cache/nginx --rox /usr,/etc/nginx,/etc/ssl,/srv/www --bind-tcp 80,443 --
