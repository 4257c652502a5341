"""One refusal machinery for every state machine (ADR 0009).

A guard is a plain function of the instance and the explicit arguments its transition is
asked with (the lifecycle's `applying=`), decorated with `refusal(code, sentence)`: `code`
for the program, `sentence` for the person reading it. `refusal_for` asks django-fsm's
`can_proceed` first (is the move possible from this state at all?), then each guard of the
transition in order, and returns the first `Refusal`, or None. `proceed` runs a transition
or raises `Refused`, the one exception services raise for "not possible now"; the
`RefusedMiddleware` answers it with 409 and the reason at the top of the page.

django-fsm calls conditions with the instance only, so `proceed` puts the arguments in a
context variable for the duration of the call and each guard, called by django-fsm, reads
them from there. Outside `proceed` the guards see no arguments: a transition called bare
is refused by every guard that needs one.
"""

import copy
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import resolve
from django_fsm import TransitionNotAllowed, can_proceed

from contactpolicy.logs import refusal_reason

WRONG_STATE = "wrong_state"

_arguments: ContextVar[Mapping[str, Any]] = ContextVar(
    "guard_arguments", default=MappingProxyType({})
)


@dataclass(frozen=True)
class Refusal:
    """A refusal: `code` for the program, `sentence` for the person reading it, and where
    the person reading can put it right (`link_url`, `link_text`), when they may."""

    code: str
    sentence: str
    link_url: str = ""
    link_text: str = ""

    def __str__(self) -> str:
        return self.sentence


class Refused(Exception):
    """A service refused a change that is not possible in the record's present state;
    `instance`, when given, is the record whose page shows the refusal when the page the
    person was on cannot (`RefusedMiddleware`)."""

    def __init__(self, refusal: Refusal, instance=None):
        super().__init__(refusal.sentence)
        self.refusal = refusal
        self.instance = instance


class Guard:
    """A transition's condition that can say why it refused."""

    def __init__(self, test: Callable[..., bool], code: str, sentence: str):
        self.test = test
        self.code = code
        self.sentence = sentence
        self.explain: Callable[..., str] | None = None
        self.__name__ = test.__name__
        self.__doc__ = test.__doc__

    def __call__(self, instance, *args, **arguments) -> bool:
        if args or arguments:
            return self.test(instance, *args, **arguments)
        # django-fsm calls with the instance alone: the arguments are those `proceed` set.
        return self.test(instance, **_arguments.get())

    def refusal(self, instance, **arguments) -> Refusal:
        explain = self.explain
        sentence = explain(instance, **arguments) if explain is not None else self.sentence
        return Refusal(self.code, sentence)


def refusal(code: str, sentence: str) -> Callable[[Callable[..., bool]], Guard]:
    """Make a guard of a function, with the code and sentence it refuses with."""

    def decorate(test: Callable[..., bool]) -> Guard:
        return Guard(test, code, sentence)

    return decorate


def refusal_for(
    instance, transition: Callable, *, wrong_state: str = "", skip=(), **arguments
) -> Refusal | None:
    """Why `transition` (bound to `instance`) cannot run now with `arguments`, or None.

    The state is asked first (`wrong_state` is the sentence then, else a plain one);
    then each guard of the transition from this state, in order, but those in `skip`:
    the first that refuses answers.
    """
    meta = transition._django_fsm
    state = meta.field.get_state(instance)
    if not can_proceed(transition, check_conditions=False):
        shown = getattr(instance, f"get_{meta.field.name}_display")()
        return Refusal(WRONG_STATE, wrong_state or f"This cannot be done while it is “{shown}”.")
    for guard in meta.get_transition(state).conditions:
        if guard not in skip and not guard(instance, **arguments):
            return guard.refusal(instance, **arguments)
    return None


@contextmanager
def _guarded_by(arguments: Mapping[str, Any]) -> Iterator[None]:
    token = _arguments.set(arguments)
    try:
        yield
    finally:
        _arguments.reset(token)


def proceed(
    instance, transition: Callable, *args, wrong_state: str = "", shown_on=None, **arguments
) -> None:
    """Run `transition(*args)`, its guards asked with `arguments`, or raise `Refused`
    saying why it cannot run, to be shown on the page of `shown_on` (else `instance`)."""
    shown_on = shown_on or instance
    if found := refusal_for(instance, transition, wrong_state=wrong_state, **arguments):
        raise Refused(found, shown_on)
    with _guarded_by(arguments):
        try:
            transition(*args)
        except TransitionNotAllowed as error:  # a guard changed its mind between ask and run
            found = refusal_for(instance, transition, wrong_state=wrong_state, **arguments)
            raise Refused(found or Refusal(WRONG_STATE, str(error)), shown_on) from error


class RefusedMiddleware:
    """Answer a `Refused` with 409 Conflict: the refused record's own page, with the reason
    at the top (`includes/refusal.html`), or a plain page when the record has none.

    The one place a refusal becomes a response; a service's transaction has already been
    rolled back when it arrives here, so the page shows the record as it stands.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if not isinstance(exception, Refused):
            return None
        refusal_reason(request, exception.refusal.sentence)
        response = self._record_page(request, exception.instance)
        if response is None:
            response = TemplateResponse(request, "409.html", {})
        response.context_data = {**(response.context_data or {}), "refusal": exception.refusal}
        response.status_code = 409
        return response.render()

    @staticmethod
    def _record_page(request: HttpRequest, instance) -> TemplateResponse | None:
        """The page the refused form was on, asked again with GET, else the record's."""
        paths = [request.path]
        if hasattr(instance, "get_absolute_url"):
            paths.append(instance.get_absolute_url())
        page = copy.copy(request)
        page.method = "GET"
        for path in paths:
            match = resolve(path)
            response = match.func(page, *match.args, **match.kwargs)
            if isinstance(response, TemplateResponse) and response.status_code == 200:
                return response
        return None
