CATEGORY = "shadowed"
