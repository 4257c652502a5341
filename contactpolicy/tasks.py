from celery import shared_task


@shared_task(name="contactpolicy.health_check")
def health_check(token: str) -> str:
    """Echo a token: proves a worker takes tasks from the broker and returns results."""
    return token
