"""The ground floor: small helpers every layer may use; no models, no imports from the apps."""
