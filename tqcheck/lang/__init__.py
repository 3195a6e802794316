"""Language profiles (data) and language identification."""
