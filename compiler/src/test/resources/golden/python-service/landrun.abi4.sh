landrun --best-effort --unrestricted-scoped --rox /usr,/opt/app --rw /var/lib/app,/tmp --bind-tcp 8000 --connect-tcp 5432,443 --
