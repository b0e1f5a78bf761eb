landrun --best-effort --unrestricted-network --unrestricted-scoped --ro /var/log/nginx,/var/cache/nginx --rox /usr,/etc/nginx,/etc/ssl,/srv/www --
