landrun --best-effort --unrestricted-network --unrestricted-scoped --rox /usr,/opt/app --rw /var/lib/app,/tmp --
