"""What the test provider says about its people."""

SECOND_FACTOR_GROUP = "second-factor"


def userinfo(claims, user):
    """Address claims from the account; `email_verified` false for the unverified person."""
    claims["name"] = user.get_full_name()
    claims["given_name"] = user.first_name
    claims["family_name"] = user.last_name
    claims["email"] = user.email
    claims["email_verified"] = not user.username.startswith("unverified")
    return claims


def second_factor(id_token, user, **kwargs):
    """RFC 8176 methods: a password, and a second factor for those who have one."""
    if user.groups.filter(name=SECOND_FACTOR_GROUP).exists():
        id_token["amr"] = ["pwd", "mfa"]
    else:
        id_token["amr"] = ["pwd"]
    return id_token
