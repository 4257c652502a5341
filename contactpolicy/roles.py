"""The five roles of DESIGN.md §1, held as Django groups.

A person may hold several roles. Seniority orders the four casework roles so that a
profile can say "at least a line manager"; the Administrator stands outside it.
"""

from django.db import models


class Role(models.TextChoices):
    CASEWORKER = "caseworker", "Caseworker"
    LINE_MANAGER = "line_manager", "Line manager"
    HEAD_OF_SERVICE = "head_of_service", "Head of service"
    CHIEF_EXECUTIVE = "chief_executive", "Chief Executive"
    ADMINISTRATOR = "administrator", "Administrator"


# The typical grade of each casework role (DESIGN.md §1); the two-person rule compares grades.
SENIORITY: dict[str, int] = {
    Role.CASEWORKER: 1,
    Role.LINE_MANAGER: 2,
    Role.HEAD_OF_SERVICE: 3,
    Role.CHIEF_EXECUTIVE: 4,
}

# Roles only a superuser may grant: the Chief Executive signs off the gravest decisions and
# sees every customer's personal data (issue 8, defect 2).
SUPERUSER_GRANTED_ROLES = frozenset({Role.CHIEF_EXECUTIVE})

MANAGER_ROLES = frozenset({Role.LINE_MANAGER, Role.HEAD_OF_SERVICE, Role.CHIEF_EXECUTIVE})

# What an Administrator may change in the admin site: app label -> model names.
ADMINISTRATOR_MODELS: dict[str, tuple[str, ...]] = {
    "contactpolicy": (
        "user",
        "policyprofile",
        "closureday",
        # The organisation's services or functions, named on staff, matters and incidents.
        "service",
        # The profile's rules, edited through inlines on the profile page.
        "officehours",
        "servicestandard",
        "noreplyexception",
        "behaviourcategory",
        "sanctiontype",
        "decisionrule",
        "checklistitem",
        "retentionperiod",
    ),
    "auth": ("group",),
}

# Where an Administrator may do only some things: app label -> model -> actions. They move
# the times of the periodic sweeps without a deploy, but cannot delete a sweep, which
# only a migration creates.
ADMINISTRATOR_ACTIONS: dict[str, dict[str, tuple[str, ...]]] = {
    "django_celery_beat": {
        "periodictask": ("view", "change"),
        "crontabschedule": ("view", "add", "change"),
        "intervalschedule": ("view", "add", "change"),
    },
    # A mailbox no longer read is made inactive: its messages stay with their contacts.
    "mailboxes": {"mailbox": ("view", "add", "change")},
}


def group_name(role: str) -> str:
    return Role(role).label


def role_for_group(name: str) -> Role | None:
    for role in Role:
        if role.label == name:
            return role
    return None


def roles_at_least(role: str) -> frozenset[Role]:
    """The casework roles at or above `role` in seniority."""
    floor = SENIORITY[Role(role)]
    return frozenset(Role(r) for r, level in SENIORITY.items() if level >= floor)


def ensure_groups() -> None:
    """Create the role groups and give the Administrator group its admin permissions.

    Idempotent; runs after every migrate so a fresh database always has the roles.
    """
    from django.contrib.auth.models import Group, Permission

    groups = {role: Group.objects.get_or_create(name=role.label)[0] for role in Role}
    wanted = Permission.objects.filter(
        models.Q(
            *[
                models.Q(content_type__app_label=app, content_type__model__in=names)
                for app, names in ADMINISTRATOR_MODELS.items()
            ],
            _connector=models.Q.OR,
        )
    )
    some = Permission.objects.filter(
        models.Q(
            *[
                models.Q(
                    content_type__app_label=app,
                    content_type__model=model,
                    codename__in=[f"{action}_{model}" for action in actions],
                )
                for app, models_actions in ADMINISTRATOR_ACTIONS.items()
                for model, actions in models_actions.items()
            ],
            _connector=models.Q.OR,
        )
    )
    groups[Role.ADMINISTRATOR].permissions.add(*wanted, *some)


def holds_post(user, role: str, title: str = "") -> bool:
    """Whether `user` holds a post a policy names, as a role and, where given, a job title.

    Policies name posts finer than the five roles ("the Head of Customer Services", "a member
    of CMT"): a profile names them as the role the post is mapped to plus the job title that
    tells its holder apart from others with that role. Titles compare without regard to case
    or surrounding spaces.
    """
    if not role or not user.has_role(role):
        return False
    title = (title or "").strip()
    return not title or user.job_title.strip().casefold() == title.casefold()


def post_label(role: str, title: str = "") -> str:
    """How a post is named to staff within a sentence: its job title where the profile gives
    one ("Head of Customer Services"), else its role ("head of service")."""
    return (title or "").strip() or Role(role).label.lower()
