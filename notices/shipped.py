"""The notice templates shipped for the five source profiles, in each policy's own terms.

An organisation's own edited template (`NoticeTemplate`) always wins; where it has none,
the one here for its profile is used, so a profile loaded from its fixture has every
notice its policy needs without a further step. Welsh is shipped for BTPA, which answers
in Welsh (§6.3, Standard 1), for the contact acknowledgement and every notice about a
decision; it is marked as awaiting the organisation's translator's check.

A policy with no appeal route (BTPA, OPCC) ships no appeal notices, and its decision
notices say how to complain instead.
"""

from dataclasses import dataclass

from notices.models import NoticeKind, NoticeLanguage, NoticeTemplate


@dataclass(frozen=True)
class PolicyWords:
    """The phrases a policy uses, placed into the notices below."""

    unacceptable: str  # why we write
    managed: str  # what we have decided, in the policy's words
    decided_by: str
    dispute: str  # how to appeal or complain, by when
    review: str
    acknowledge: str  # what happens to a contact next
    complain: str  # how to complain, where there is nothing to appeal
    appeal_received: str = ""
    appeal_outcome: str = ""


SIGN_OFF = "Yours sincerely,\n\n{{ signatory_name }}\n{{ signatory_role }}\n{{ organisation_name }}"
SIGN_OFF_CY = "Yn gywir,\n\n{{ signatory_name }}\n{{ signatory_role }}\n{{ organisation_name }}"

WORDS: dict[str, PolicyWords] = {
    "btpa": PolicyWords(
        unacceptable="We are writing because your behaviour towards the Authority is deemed unacceptable under our {{ policy_title }}.",
        managed="Because of this, the Authority has made a decision to manage your contact with us using special procedures. Wherever possible, all contact with you under these procedures will be in writing.",
        decided_by="The Chief Executive made this decision.",
        dispute="Our {{ policy_title }} has no appeal against this decision. If you are unhappy with how we have dealt with you, you can complain under the Authority's Member and Staff Complaints Policy: write to us at the address at the top of this letter or email {{ organisation_email }}.",
        review="If you show us a more acceptable approach, you can ask us to review these arrangements at any time.",
        acknowledge="We aim to reply in full by {{ response_due }}.",
        complain="If you are unhappy with how we have dealt with you, you can complain under the Authority's Member and Staff Complaints Policy: write to us at the address at the top of this letter or email {{ organisation_email }}.",
    ),
    "opcc": PolicyWords(
        unacceptable="We are writing because your behaviour towards the Office of the Police and Crime Commissioner is unacceptable under our {{ policy_title }}.",
        managed="The Chief Executive has decided to manage your future contact with us, and this letter explains the reasons, the restricted contact arrangements and how long they will be in place.",
        decided_by="The Chief Executive made this decision.",
        dispute="Our {{ policy_title }} has no appeal against this decision. If you are unhappy with how we have dealt with you, you can complain to us through our complaints procedure, at the address at the top of this letter.",
        review="This decision may be reconsidered if you show a more acceptable approach.",
        acknowledge="We aim to reply in full by {{ response_due }}.",
        complain="If you are unhappy with how we have dealt with you, you can complain to us through our complaints procedure, at the address at the top of this letter.",
    ),
    "ipcc": PolicyWords(
        unacceptable="We are writing to advise you that your behaviour is considered to be unacceptable under our {{ policy_title }}.",
        managed="The IPCC has taken steps to manage communication with you, so that we can continue to handle your contact. A copy of the policy is enclosed to explain further.",
        decided_by="A head of function authorised this decision.",
        dispute="You can raise any concerns or disagreements about this decision through the IPCC's internal complaints procedure. After your concerns have been considered, we will write to tell you either that the restricted contact arrangements still apply or that a different course of action has been agreed.",
        review="We review restrictions at least once a year, and we will write to tell you whether they still apply.",
        acknowledge="We aim to reply in full by {{ response_due }}.",
        complain="If you are unhappy with how we have dealt with you, you can raise it through the IPCC's internal complaints procedure.",
        appeal_received="We have received your concerns about our decision to restrict your contact with us. We are considering them through our internal complaints procedure.",
        appeal_outcome="We have considered your concerns about our decision to restrict your contact with us, through our internal complaints procedure.",
    ),
    "tamworth": PolicyWords(
        unacceptable="We are writing to explain why we believe your behaviour towards the Council is unacceptable under our {{ policy_title }}.",
        managed="This letter sets out the action the Council is taking and its proposed duration.",
        decided_by="This decision was made by the Head of Service or, for a corporate case, the Head of Customer Services.",
        dispute="You have the right to appeal this decision. To appeal, write to the Head of Customer Services stating why you disagree with it. Your appeal must reach us by {{ appeal_deadline }}. This gives you at least one calendar month from the day this letter reaches you. The Head of Customer Services will investigate and present the findings to a member of the Corporate Management Team within six weeks of your request.",
        review="If you show us a more acceptable approach, you can ask us to review these arrangements.",
        acknowledge="We aim to reply in full by {{ response_due }}.",
        complain="If you are unhappy with how we have dealt with you, you can complain to the Council at the address at the top of this letter.",
        appeal_received="We have received your appeal against the Council's decision to manage your behaviour under our {{ policy_title }}. The Head of Customer Services will investigate it and present the findings to a member of the Corporate Management Team within six weeks of your request.",
        appeal_outcome="The Head of Customer Services has investigated your appeal against the Council's decision to manage your behaviour under our {{ policy_title }}, and presented the findings to a member of the Corporate Management Team.",
    ),
    "natural-england": PolicyWords(
        unacceptable="We are writing because your behaviour towards us is unacceptable under our {{ policy_title }}, whether or not you intended it to be.",
        managed="We have applied sanctions to your contact with us. Our colleagues are told about them so that they can apply them too.",
        decided_by="This decision was made by two people of different grades, never by one person alone.",
        dispute="If you disagree with this decision, you can challenge it by raising a complaint, which will be reviewed as a Stage 3 complaint. You can do this once at this stage.",
        review="The team that applied these sanctions and their line manager will review them. Sanctions do not continue indefinitely.",
        acknowledge="We aim to reply in full by {{ response_due }}.",
        complain="If you are unhappy with how we have dealt with you, you can complain to us by emailing {{ organisation_email }}.",
        appeal_received="We have received your complaint challenging our decision. It will be reviewed as a Stage 3 complaint.",
        appeal_outcome="We have reviewed, as a Stage 3 complaint, your challenge to our decision.",
    ),
}

HEAD = "Dear {{ customer_name }},"
BEHAVIOUR = "What we found:\n\n{{ behaviour }}\n\n{{ reasons }}"
ARRANGEMENTS = "From the date of this letter:\n\n{{ arrangements }}\n\n{{ duration }} These arrangements last until we review them, which we will do by {{ review_date }}."


def _english(kind: str, w: PolicyWords) -> tuple[str, str] | None:
    parts: list[str]
    match kind:
        case NoticeKind.WARNING:
            subject = "Your behaviour towards us: a warning"
            parts = [
                HEAD,
                w.unacceptable,
                BEHAVIOUR,
                "We are asking you to change your behaviour. If it does not change, we will manage your contact with us under special arrangements. We will give you the opportunity to show that it has improved.",
                w.complain,
            ]
        case NoticeKind.SANCTIONS_IMPOSED:
            subject = "How we will manage your contact with us"
            parts = [
                HEAD,
                w.unacceptable,
                BEHAVIOUR,
                w.managed,
                ARRANGEMENTS,
                w.review,
                w.decided_by,
                "# If you disagree",
                w.dispute,
            ]
        case NoticeKind.SANCTIONS_VARIED:
            subject = "Changes to how we manage your contact with us"
            parts = [
                HEAD,
                "We have changed the arrangements for your contact with us. " + w.unacceptable,
                BEHAVIOUR,
                ARRANGEMENTS,
                "These replace the arrangements we told you about before.",
                w.review,
                w.decided_by,
                "# If you disagree",
                w.dispute,
            ]
        case NoticeKind.DISENGAGEMENT:
            subject = "Disengagement notice"
            parts = [
                HEAD,
                w.unacceptable,
                BEHAVIOUR,
                "The arrangements we put in place have not resolved this, so we have decided to stop engaging with you, as set out below. If you contact us about these matters again, we will read and file what you send, but we will not reply unless it is about something different.",
                ARRANGEMENTS,
                w.decided_by,
                "# If you disagree",
                w.dispute,
            ]
        case NoticeKind.BUILDING_EXCLUSION:
            subject = "You are excluded from our buildings"
            parts = [
                HEAD,
                w.unacceptable,
                BEHAVIOUR,
                "We have decided to exclude you from our buildings.",
                ARRANGEMENTS,
                "If you enter a building you are excluded from, we will review the exclusion and may extend it, and we may seek a court injunction.",
                w.decided_by,
                "# If you disagree",
                w.dispute,
            ]
        case NoticeKind.REVIEW_OUTCOME:
            subject = "We have reviewed how we manage your contact with us"
            parts = [
                HEAD,
                "We have reviewed the arrangements for your contact with us. "
                + w.unacceptable.replace(
                    "We are writing because", "We first wrote because"
                ).replace("We are writing to", "We first wrote to"),
                BEHAVIOUR,
                "We have decided that the arrangements will continue:",
                ARRANGEMENTS,
                w.review,
                "# If you disagree",
                w.dispute,
            ]
        case NoticeKind.SANCTIONS_LIFTED:
            subject = "We have lifted the arrangements for your contact with us"
            parts = [
                HEAD,
                "We have reviewed the arrangements for your contact with us, and we have decided to lift them. From the date of this letter you can contact us in the usual way.",
                w.complain,
            ]
        case NoticeKind.APPEAL_ACKNOWLEDGEMENT:
            if not w.appeal_received:
                return None
            subject = "We have received your appeal"
            parts = [
                HEAD,
                w.appeal_received,
                "We received it on {{ appeal_received_date }}. The arrangements for your contact with us continue while we consider it.",
            ]
        case NoticeKind.APPEAL_OUTCOME:
            if not w.appeal_outcome:
                return None
            subject = "The outcome of your appeal"
            parts = [
                HEAD,
                w.appeal_outcome,
                "{{ appeal_outcome }}\n\n{{ appeal_arrangements }}",
                "Our reasons:\n\n{{ appeal_reasons }}",
            ]
        case NoticeKind.CONTACT_ACKNOWLEDGEMENT:
            subject = "We have received your {{ contact_channel }}"
            parts = [
                HEAD,
                "Thank you for contacting us. We received your {{ contact_channel }} on {{ contact_date }}. Our reference for it is {{ case_reference }}.",
                w.acknowledge,
            ]
        case _:
            return None
    return subject, "\n\n".join([*parts, SIGN_OFF])


# Welsh for BTPA (§6.3: "reply in Welsh to correspondence in Welsh"), awaiting the
# Authority's translator's check.
BTPA_CY = {
    NoticeKind.WARNING: (
        "Eich ymddygiad tuag atom: rhybudd",
        [
            "Annwyl {{ customer_name }},",
            "Rydym yn ysgrifennu atoch oherwydd yr ystyrir bod eich ymddygiad tuag at yr Awdurdod yn annerbyniol o dan ein {{ policy_title }}.",
            "Yr hyn a ganfuwyd gennym:\n\n{{ behaviour }}\n\n{{ reasons }}",
            "Gofynnwn i chi newid eich ymddygiad. Os na fydd yn newid, byddwn yn rheoli eich cysylltiad â ni o dan drefniadau arbennig.",
            "Os ydych yn anfodlon â'r ffordd yr ydym wedi delio â chi, gallwch gwyno o dan Bolisi Cwynion yr Awdurdod: ysgrifennwch atom yn y cyfeiriad ar frig y llythyr hwn neu e-bostiwch {{ organisation_email }}.",
        ],
    ),
    NoticeKind.SANCTIONS_IMPOSED: (
        "Sut y byddwn yn rheoli eich cysylltiad â ni",
        [
            "Annwyl {{ customer_name }},",
            "Rydym yn ysgrifennu atoch oherwydd yr ystyrir bod eich ymddygiad tuag at yr Awdurdod yn annerbyniol o dan ein {{ policy_title }}.",
            "Yr hyn a ganfuwyd gennym:\n\n{{ behaviour }}\n\n{{ reasons }}",
            "Oherwydd hyn, mae'r Awdurdod wedi penderfynu rheoli eich cysylltiad â ni drwy weithdrefnau arbennig. Lle bo modd, bydd pob cysylltiad â chi o dan y gweithdrefnau hyn yn ysgrifenedig.",
            "O ddyddiad y llythyr hwn:\n\n{{ arrangements }}\n\n{{ duration }} Mae'r trefniadau hyn yn parhau nes i ni eu hadolygu, a byddwn yn gwneud hynny erbyn {{ review_date }}.",
            "Y Prif Weithredwr a wnaeth y penderfyniad hwn.",
            "# Os ydych yn anghytuno",
            "Nid oes apêl yn erbyn y penderfyniad hwn o dan ein {{ policy_title }}. Os ydych yn anfodlon â'r ffordd yr ydym wedi delio â chi, gallwch gwyno o dan Bolisi Cwynion yr Awdurdod: ysgrifennwch atom yn y cyfeiriad ar frig y llythyr hwn neu e-bostiwch {{ organisation_email }}.",
        ],
    ),
    NoticeKind.SANCTIONS_VARIED: (
        "Newidiadau i'r ffordd yr ydym yn rheoli eich cysylltiad â ni",
        [
            "Annwyl {{ customer_name }},",
            "Rydym wedi newid y trefniadau ar gyfer eich cysylltiad â ni, oherwydd yr ystyrir bod eich ymddygiad yn annerbyniol o dan ein {{ policy_title }}.",
            "Yr hyn a ganfuwyd gennym:\n\n{{ behaviour }}\n\n{{ reasons }}",
            "O ddyddiad y llythyr hwn:\n\n{{ arrangements }}\n\n{{ duration }} Mae'r trefniadau hyn yn parhau nes i ni eu hadolygu, a byddwn yn gwneud hynny erbyn {{ review_date }}.",
            "Mae'r rhain yn disodli'r trefniadau y soniasom amdanynt o'r blaen.",
            "# Os ydych yn anghytuno",
            "Nid oes apêl yn erbyn y penderfyniad hwn o dan ein {{ policy_title }}. Os ydych yn anfodlon, gallwch gwyno o dan Bolisi Cwynion yr Awdurdod, yn y cyfeiriad ar frig y llythyr hwn neu drwy e-bostio {{ organisation_email }}.",
        ],
    ),
    NoticeKind.DISENGAGEMENT: (
        "Hysbysiad rhoi'r gorau i ymgysylltu",
        [
            "Annwyl {{ customer_name }},",
            "Rydym yn ysgrifennu atoch oherwydd yr ystyrir bod eich ymddygiad tuag at yr Awdurdod yn annerbyniol o dan ein {{ policy_title }}.",
            "Yr hyn a ganfuwyd gennym:\n\n{{ behaviour }}\n\n{{ reasons }}",
            "Rydym wedi penderfynu rhoi'r gorau i ymgysylltu â chi, fel y nodir isod.",
            "O ddyddiad y llythyr hwn:\n\n{{ arrangements }}\n\n{{ duration }} Mae'r trefniadau hyn yn parhau nes i ni eu hadolygu, a byddwn yn gwneud hynny erbyn {{ review_date }}.",
            "# Os ydych yn anghytuno",
            "Nid oes apêl yn erbyn y penderfyniad hwn o dan ein {{ policy_title }}. Os ydych yn anfodlon, gallwch gwyno o dan Bolisi Cwynion yr Awdurdod, yn y cyfeiriad ar frig y llythyr hwn neu drwy e-bostio {{ organisation_email }}.",
        ],
    ),
    NoticeKind.BUILDING_EXCLUSION: (
        "Rydych wedi'ch gwahardd o'n hadeiladau",
        [
            "Annwyl {{ customer_name }},",
            "Rydym yn ysgrifennu atoch oherwydd yr ystyrir bod eich ymddygiad tuag at yr Awdurdod yn annerbyniol o dan ein {{ policy_title }}.",
            "Yr hyn a ganfuwyd gennym:\n\n{{ behaviour }}\n\n{{ reasons }}",
            "O ddyddiad y llythyr hwn:\n\n{{ arrangements }}\n\n{{ duration }} Mae'r trefniadau hyn yn parhau nes i ni eu hadolygu, a byddwn yn gwneud hynny erbyn {{ review_date }}.",
            "# Os ydych yn anghytuno",
            "Nid oes apêl yn erbyn y penderfyniad hwn o dan ein {{ policy_title }}. Os ydych yn anfodlon, gallwch gwyno o dan Bolisi Cwynion yr Awdurdod, yn y cyfeiriad ar frig y llythyr hwn neu drwy e-bostio {{ organisation_email }}.",
        ],
    ),
    NoticeKind.REVIEW_OUTCOME: (
        "Rydym wedi adolygu sut yr ydym yn rheoli eich cysylltiad â ni",
        [
            "Annwyl {{ customer_name }},",
            "Rydym wedi adolygu'r trefniadau ar gyfer eich cysylltiad â ni, a wnaed o dan ein {{ policy_title }}.",
            "Yr hyn a ganfuwyd gennym:\n\n{{ behaviour }}\n\n{{ reasons }}",
            "Rydym wedi penderfynu y bydd y trefniadau'n parhau:\n\n{{ arrangements }}\n\n{{ duration }} Mae'r trefniadau hyn yn parhau nes i ni eu hadolygu, a byddwn yn gwneud hynny erbyn {{ review_date }}.",
            "# Os ydych yn anghytuno",
            "Nid oes apêl yn erbyn y penderfyniad hwn o dan ein {{ policy_title }}. Os ydych yn anfodlon, gallwch gwyno o dan Bolisi Cwynion yr Awdurdod, yn y cyfeiriad ar frig y llythyr hwn neu drwy e-bostio {{ organisation_email }}.",
        ],
    ),
    NoticeKind.SANCTIONS_LIFTED: (
        "Rydym wedi codi'r trefniadau ar gyfer eich cysylltiad â ni",
        [
            "Annwyl {{ customer_name }},",
            "Rydym wedi adolygu'r trefniadau ar gyfer eich cysylltiad â ni, ac rydym wedi penderfynu eu codi. O ddyddiad y llythyr hwn gallwch gysylltu â ni yn y ffordd arferol.",
        ],
    ),
    NoticeKind.CONTACT_ACKNOWLEDGEMENT: (
        "Rydym wedi cael eich {{ contact_channel }}",
        [
            "Annwyl {{ customer_name }},",
            "Diolch am gysylltu â ni. Cawsom eich {{ contact_channel }} ar {{ contact_date }}. Ein cyfeirnod ar ei gyfer yw {{ case_reference }}.",
            "Ein nod yw ateb yn llawn erbyn {{ response_due }}.",
        ],
    ),
}


def texts(slug: str, kind: str, language: str) -> tuple[str, str] | None:
    """(subject, body) shipped for the profile, kind and language; None if none is."""
    if language == NoticeLanguage.WELSH:
        if slug != "btpa" or kind not in BTPA_CY:
            return None
        subject, parts = BTPA_CY[kind]
        return subject, "\n\n".join([*parts, SIGN_OFF_CY])
    words = WORDS.get(slug)
    return _english(kind, words) if words else None


def template(profile, kind: str, language: str) -> NoticeTemplate | None:
    """The shipped template as an unsaved row: what an administrator starts from."""
    found = texts(profile.slug, kind, language)
    if found is None:
        return None
    subject, body = found
    return NoticeTemplate(
        profile=profile,
        kind=kind,
        language=language,
        subject=subject,
        body=body,
        awaiting_translation_check=language == NoticeLanguage.WELSH,
    )


def has_language(profile, language: str) -> bool:
    if language == NoticeLanguage.ENGLISH:
        return True
    return (
        texts(profile.slug, NoticeKind.SANCTIONS_IMPOSED, language) is not None
        or NoticeTemplate.objects.filter(profile=profile, language=language).exists()
    )
