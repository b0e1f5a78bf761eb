landrun --best-effort --unrestricted-filesystem --unrestricted-network --unrestricted-scoped --
