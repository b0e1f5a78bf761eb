landrun --unrestricted-filesystem --unrestricted-network --unrestricted-scoped --
