import pytest


@pytest.fixture(autouse=True)
def trust_pages(db):
    """The trust pages as migrated, also after a transactional test flushed them."""
    from taipei_trip.testing import seed_trust_pages

    seed_trust_pages()
