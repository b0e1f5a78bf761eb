landrun --best-effort --unrestricted-network --unrestricted-scoped --rox /bin,/lib,/usr,/etc,/app --rw /app/data,/tmp --
