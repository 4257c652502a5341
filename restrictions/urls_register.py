"""The sanctions register, restriction cases and referrals."""

urlpatterns: list = []
