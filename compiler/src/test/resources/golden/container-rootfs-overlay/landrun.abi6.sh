landrun --best-effort --unrestricted-network --rox /bin,/lib,/usr,/etc,/app --rw /app/data,/tmp --
