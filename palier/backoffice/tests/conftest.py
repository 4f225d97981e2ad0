import pytest


@pytest.fixture
def sign_in(client):
    """Sign `user` in on the test client, reading the back office in English."""

    def sign_in(user):
        user.language = "en"
        user.save(update_fields=["language"])
        client.force_login(user)
        return client

    return sign_in
