import pytest


@pytest.fixture
def attraction(make_attraction):
    return make_attraction("台北101", images=2)


@pytest.fixture
def other_member(db):
    from accounts.models import User

    return User.objects.create_user(
        "other@example.com", "another horse 42", name="小華"
    )


@pytest.fixture
def other_client(client, other_member):
    """A second test client signed in as another member."""
    from django.test import Client

    from accounts.tokens import issue_token

    return Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(user=other_member)}")
