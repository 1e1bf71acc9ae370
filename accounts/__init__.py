"""Dashboard accounts: users, roles, password hashes and sign-in."""
