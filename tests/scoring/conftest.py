import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing():
    """Engine tests run without the web app: this replaces the root fixture that needs its settings."""
