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

from notices.models import DECISION_KINDS, NoticeKind, NoticeLanguage, NoticeTemplate


@dataclass(frozen=True)
class PolicyWords:
    """The phrases a policy uses, placed into the notices below. Who decided is never one
    of them: the decision's approvals say it (`{{ decided_by }}`)."""

    unacceptable: str  # why we write
    managed: str  # what we have decided, in the policy's words
    dispute: str  # how to appeal or complain, by when
    review: str
    complain: str  # how to complain, where there is nothing to appeal
    # How a disengagement is reviewed, where the policy says more than `review`.
    disengagement_review: str = ""
    appeal_received: str = ""
    appeal_outcome: str = ""
    # The headings of the appeal notices, where the policy does not call it an appeal.
    appeal_received_subject: str = ""
    appeal_outcome_subject: str = ""
    # The policy promises a copy of itself with the letter: decision notices carry
    # `{{ policy_enclosure }}`, which says so when the policy's PDF is there to enclose.
    encloses_policy: bool = False


WORDS: dict[str, PolicyWords] = {
    "btpa": PolicyWords(
        unacceptable="We are writing because your behaviour towards the Authority is deemed unacceptable under our {{ policy_title }}.",
        managed="Because of this, the Authority has made a decision to manage your contact with us using special procedures. Wherever possible, all contact with you under these procedures will be in writing.",
        dispute="Our {{ policy_title }} has no appeal against this decision. If you are unhappy with how we have dealt with you, you can complain under the Authority's Member and Staff Complaints Policy: {{ how_to_write }}.",
        review="If you show us a more acceptable approach, you can ask us to review these arrangements at any time.",
        complain="If you are unhappy with how we have dealt with you, you can complain under the Authority's Member and Staff Complaints Policy: {{ how_to_write }}.",
    ),
    "opcc": PolicyWords(
        unacceptable="We are writing because your behaviour towards the Office of the Police and Crime Commissioner is unacceptable under our {{ policy_title }}.",
        managed="We have decided to manage your future contact with us, and this letter explains the reasons, the restricted contact arrangements and how long they will be in place.",
        dispute="Our {{ policy_title }} has no appeal against this decision. If you are unhappy with how we have dealt with you, you can complain to us through our complaints procedure: {{ how_to_write }}.",
        review="This decision may be reconsidered if you show a more acceptable approach.",
        complain="If you are unhappy with how we have dealt with you, you can complain to us through our complaints procedure: {{ how_to_write }}.",
    ),
    "ipcc": PolicyWords(
        unacceptable="We are writing to advise you that your behaviour is considered to be unacceptable under our {{ policy_title }}.",
        managed="The IPCC has taken steps to manage communication with you, so that we can continue to handle your contact.",
        dispute="You can raise any concerns or disagreements about this decision through the IPCC's internal complaints procedure: {{ how_to_write }}. After your concerns have been considered, we will write to tell you either that the restricted contact arrangements still apply or that a different course of action has been agreed.",
        review="We review restrictions at least once a year, and we will write to tell you whether they still apply.",
        complain="If you are unhappy with how we have dealt with you, you can raise it through the IPCC's internal complaints procedure: {{ how_to_write }}.",
        appeal_received="On {{ appeal_received_date }} we received your concerns about our decision to restrict your contact with us. We are considering them through our internal complaints procedure.",
        appeal_outcome="We have considered your concerns about our decision to restrict your contact with us, through our internal complaints procedure.",
        appeal_received_subject="We have received your concerns about our decision",
        appeal_outcome_subject="Our answer to your concerns about our decision",
        # IPCC §6: "a copy of the policy will be provided to give further explanation".
        encloses_policy=True,
    ),
    "tamworth": PolicyWords(
        unacceptable="We are writing to explain why we believe your behaviour towards the Council is unacceptable under our {{ policy_title }}.",
        managed="This letter sets out the action the Council is taking and how long it will last.",
        dispute="You have the right to appeal this decision. To appeal, write to the Head of Customer Services stating why you disagree with it. Your appeal must reach us by {{ appeal_deadline }}. This gives you at least one calendar month from the day this letter reaches you. The Head of Customer Services will investigate and present the findings to a member of the Corporate Management Team within six weeks of your request.",
        review="If you show us a more acceptable approach, you can ask us to review these arrangements.",
        complain="If you are unhappy with how we have dealt with you, you can complain to the Council: {{ how_to_write }}.",
        appeal_received="On {{ appeal_received_date }} we received your appeal against the Council's decision to manage your behaviour under our {{ policy_title }}. The Head of Customer Services will investigate it and present the findings to a member of the Corporate Management Team within six weeks of your request.",
        appeal_outcome="The Head of Customer Services has investigated your appeal against the Council's decision to manage your behaviour under our {{ policy_title }}, and presented the findings to a member of the Corporate Management Team.",
    ),
    "natural-england": PolicyWords(
        unacceptable="We are writing because your behaviour towards us is unacceptable under our {{ policy_title }}, whether or not you intended it to be.",
        managed="We have applied sanctions to your contact with us. Our colleagues are told about them so that they can apply them too.",
        # "only once at stages 2 and 5": the sentence says whether this customer's one
        # challenge at this stage is still open (`appeal_limit`).
        dispute="If you disagree with this decision, you can challenge it by raising a complaint, which will be reviewed as a Stage 3 complaint. {{ appeal_limit }}",
        review="The team that applied these sanctions and their line manager will review them. Sanctions do not continue indefinitely.",
        complain="If you are unhappy with how we have dealt with you, you can complain to us: {{ how_to_write }}.",
        # Step 7: "reviewed after 12 months, however we should only re-engage if there had
        # been no incidents or reoccurrences for a continuous period of 2 years".
        disengagement_review="We will review this decision after 12 months. We will start engaging with you again only when there have been no incidents for a continuous period of two years.",
        appeal_received="On {{ appeal_received_date }} we received your complaint challenging our decision. It will be reviewed as a Stage 3 complaint.",
        appeal_outcome="We have reviewed, as a Stage 3 complaint, your challenge to our decision. Our policy allows one challenge at this stage, so this is our final answer on it.",
        appeal_received_subject="We have received your challenge to our decision",
        appeal_outcome_subject="The outcome of your challenge to our decision",
    ),
}

# A paragraph of its own: when there is no policy PDF to enclose it is empty and left out.
ENCLOSURE = "{{ policy_enclosure }}"

# Welsh for BTPA (§6.3: "reply in Welsh to correspondence in Welsh"), awaiting the
# Authority's translator's check. Mutations: "o dan Bolisi" (soft after "dan"), "gallwch
# gwyno"/"gallwch ofyn" (soft after an inflected verb), "drwy weithdrefnau" (soft after
# "drwy"); "eich" and "ein" before a vowel or these consonants take none.
WORDS_CY: dict[str, PolicyWords] = {
    "btpa": PolicyWords(
        unacceptable="Rydym yn ysgrifennu atoch oherwydd yr ystyrir bod eich ymddygiad tuag at yr Awdurdod yn annerbyniol o dan ein {{ policy_title }}.",
        managed="Oherwydd hyn, mae'r Awdurdod wedi penderfynu rheoli eich cysylltiad â ni drwy weithdrefnau arbennig. Lle bo modd, bydd pob cysylltiad â chi o dan y gweithdrefnau hyn yn ysgrifenedig.",
        dispute="Nid oes apêl yn erbyn y penderfyniad hwn o dan ein {{ policy_title }}. Os ydych yn anfodlon â'r ffordd yr ydym wedi delio â chi, gallwch gwyno o dan Bolisi Cwynion Aelodau a Staff yr Awdurdod: {{ how_to_write }}.",
        review="Os byddwch yn dangos dull mwy derbyniol i ni, gallwch ofyn i ni adolygu'r trefniadau hyn ar unrhyw adeg.",
        complain="Os ydych yn anfodlon â'r ffordd yr ydym wedi delio â chi, gallwch gwyno o dan Bolisi Cwynion Aelodau a Staff yr Awdurdod: {{ how_to_write }}.",
    ),
}

# The names a Welsh letter gives the policy and its behaviour categories (by code), where
# the profile's own are English; awaiting the translator's check like the rest.
# "Trin a chamddefnyddio": aspirate mutation after "a"; "gan gwsmer": soft after "gan";
# "Gohebiaeth flinderus": an adjective after a feminine noun takes the soft mutation.
WELSH_NAMES: dict[str, dict] = {
    "btpa": {
        "policy_title": "Polisi Safonau Gwasanaeth Cwsmeriaid",
        "categories": {
            "A": "Ymddygiad ymosodol, gelyniaethus neu aflonyddgar",
            "B": "Ymddygiad gwahaniaethol, gormesol neu anghyfreithlon",
            "C": "Trin a chamddefnyddio adnoddau'r Awdurdod",
            "D": "Cysylltiad parhaus gan gwsmer",
            "E": "Gohebiaeth flinderus, ffansïol a ffug",
        },
    },
}


def policy_title(profile, language: str) -> str:
    """The policy's title in the letter's language, where one is shipped; else its own."""
    if language == NoticeLanguage.WELSH:
        found = WELSH_NAMES.get(profile.shipped_as, {}).get("policy_title")
        if found:
            return found
    return profile.policy_title


def category_name(category, language: str) -> str:
    """A behaviour category's name in the letter's language, where one is shipped."""
    if language == NoticeLanguage.WELSH:
        names = WELSH_NAMES.get(category.profile.shipped_as, {}).get("categories", {})
        if category.code in names:
            return names[category.code]
    return category.name


SIGN_OFF = {
    "en": "Yours sincerely,\n\n{{ signatory_name }}\n{{ signatory_role }}\n{{ organisation_name }}",
    "cy": "Yn gywir,\n\n{{ signatory_name }}\n{{ signatory_role }}\n{{ organisation_name }}",
}

# The sentences every profile's notices share, in each language shipped. The Welsh says
# all that the English says, paragraph for paragraph (`_body` builds both).
COMMON = {
    "en": {
        "head": "{{ salutation }},",
        "behaviour": "What we found:\n\n{{ behaviour }}\n\n{{ reasons }}",
        "arrangements": "From the date of this letter:\n\n{{ arrangements }}\n\n{{ how_long }}",
        "if_disagree": "# If you disagree",
        "warning_subject": "Your behaviour towards us: a warning",
        "warning_ask": "We are asking you to change your behaviour. If it does not change, we will manage your contact with us under special arrangements. We will give you the opportunity to show that it has improved.",
        "imposed_subject": "How we will manage your contact with us",
        "varied_subject": "Changes to how we manage your contact with us",
        "varied": "We have changed the arrangements for your contact with us.",
        "replace": "These replace the arrangements we told you about before.",
        "disengagement_subject": "Disengagement notice",
        "disengage": "The arrangements we put in place have not resolved this, so we have decided to stop engaging with you, as set out below. If you contact us about these matters again, we will read and file what you send, but we will not reply unless it is about something different.",
        "exclusion_subject": "You are excluded from our buildings",
        "exclude": "We have decided to exclude you from the buildings named below.",
        "breach": "If you enter a building you are excluded from, we will review the exclusion and may extend it, and we may seek a court injunction.",
        "review_subject": "We have reviewed how we manage your contact with us",
        "reviewed": "We have reviewed the arrangements for your contact with us, which we put in place under our {{ policy_title }}.",
        "continue": "We have decided that the arrangements will continue.",
        "lifted_subject": "We have lifted the arrangements for your contact with us",
        "lifted": "We have reviewed the arrangements for your contact with us, and we have decided to lift them. From the date of this letter you can contact us in the usual way.",
        "appeal_received_subject": "We have received your appeal",
        "appeal_received": "The arrangements for your contact with us continue in the meantime.",
        "appeal_outcome_subject": "The outcome of your appeal",
        "appeal_outcome": "{{ appeal_outcome }}\n\n{{ appeal_arrangements }}",
        "appeal_reasons": "Our reasons:\n\n{{ appeal_reasons }}",
        "contact_subject": "We have received your {{ contact_channel }}",
        "contact": "Thank you for contacting us. We received your {{ contact_channel }} on {{ contact_date }}. Our reference for it is {{ case_reference }}.",
    },
    # "O ddyddiad": soft mutation after "o"; "o dan drefniadau": after "dan".
    "cy": {
        "head": "{{ salutation }},",
        "behaviour": "Yr hyn a ganfuwyd gennym:\n\n{{ behaviour }}\n\n{{ reasons }}",
        "arrangements": "O ddyddiad y llythyr hwn:\n\n{{ arrangements }}\n\n{{ how_long }}",
        "if_disagree": "# Os ydych yn anghytuno",
        "warning_subject": "Eich ymddygiad tuag atom: rhybudd",
        "warning_ask": "Gofynnwn i chi newid eich ymddygiad. Os na fydd yn newid, byddwn yn rheoli eich cysylltiad â ni o dan drefniadau arbennig. Byddwn yn rhoi cyfle i chi ddangos ei fod wedi gwella.",
        "imposed_subject": "Sut y byddwn yn rheoli eich cysylltiad â ni",
        "varied_subject": "Newidiadau i'r ffordd yr ydym yn rheoli eich cysylltiad â ni",
        "varied": "Rydym wedi newid y trefniadau ar gyfer eich cysylltiad â ni.",
        "replace": "Mae'r rhain yn disodli'r trefniadau y soniasom amdanynt o'r blaen.",
        "disengagement_subject": "Hysbysiad rhoi'r gorau i ymgysylltu",
        "disengage": "Nid yw'r trefniadau a roesom ar waith wedi datrys hyn, felly rydym wedi penderfynu rhoi'r gorau i ymgysylltu â chi, fel y nodir isod. Os byddwch yn cysylltu â ni am y materion hyn eto, byddwn yn darllen ac yn ffeilio'r hyn a anfonwch, ond ni fyddwn yn ymateb oni bai ei fod yn ymwneud â rhywbeth gwahanol.",
        "exclusion_subject": "Rydych wedi'ch gwahardd o'n hadeiladau",
        "exclude": "Rydym wedi penderfynu eich gwahardd o'r adeiladau a enwir isod.",
        "breach": "Os byddwch yn mynd i mewn i adeilad yr ydych wedi'ch gwahardd ohono, byddwn yn adolygu'r gwaharddiad a gallwn ei ymestyn, a gallwn geisio gwaharddeb gan y llys.",
        "review_subject": "Rydym wedi adolygu sut yr ydym yn rheoli eich cysylltiad â ni",
        "reviewed": "Rydym wedi adolygu'r trefniadau ar gyfer eich cysylltiad â ni, a wnaed o dan ein {{ policy_title }}.",
        "continue": "Rydym wedi penderfynu y bydd y trefniadau'n parhau.",
        "lifted_subject": "Rydym wedi codi'r trefniadau ar gyfer eich cysylltiad â ni",
        "lifted": "Rydym wedi adolygu'r trefniadau ar gyfer eich cysylltiad â ni, ac rydym wedi penderfynu eu codi. O ddyddiad y llythyr hwn gallwch gysylltu â ni yn y ffordd arferol.",
        "appeal_received_subject": "Rydym wedi cael eich apêl",
        "appeal_received": "Mae'r trefniadau ar gyfer eich cysylltiad â ni yn parhau yn y cyfamser.",
        "appeal_outcome_subject": "Canlyniad eich apêl",
        "appeal_outcome": "{{ appeal_outcome }}\n\n{{ appeal_arrangements }}",
        "appeal_reasons": "Ein rhesymau:\n\n{{ appeal_reasons }}",
        "contact_subject": "Rydym wedi cael eich {{ contact_channel }}",
        "contact": "Diolch am gysylltu â ni. Cawsom eich {{ contact_channel }} ar {{ contact_date }}. Ein cyfeirnod ar gyfer hyn yw {{ case_reference }}.",
    },
}


def _body(kind: str, w: PolicyWords, c: dict[str, str]) -> tuple[str, list[str]] | None:
    """The subject and paragraphs of a notice of `kind`, from a policy's words `w` and the
    shared sentences `c`, in one language."""
    match kind:
        case NoticeKind.WARNING:
            return c["warning_subject"], [
                c["head"],
                w.unacceptable,
                c["behaviour"],
                c["warning_ask"],
                "{{ decided_by }}",
                w.complain,
            ]
        case NoticeKind.SANCTIONS_IMPOSED:
            return c["imposed_subject"], [
                c["head"],
                w.unacceptable,
                c["behaviour"],
                w.managed,
                c["arrangements"],
                w.review,
                "{{ decided_by }}",
                c["if_disagree"],
                w.dispute,
            ]
        case NoticeKind.SANCTIONS_VARIED:
            return c["varied_subject"], [
                c["head"],
                f"{c['varied']} {w.unacceptable}",
                c["behaviour"],
                c["arrangements"],
                c["replace"],
                w.review,
                "{{ decided_by }}",
                c["if_disagree"],
                w.dispute,
            ]
        case NoticeKind.DISENGAGEMENT:
            return c["disengagement_subject"], [
                c["head"],
                w.unacceptable,
                c["behaviour"],
                c["disengage"],
                c["arrangements"],
                w.disengagement_review or w.review,
                "{{ decided_by }}",
                c["if_disagree"],
                w.dispute,
            ]
        case NoticeKind.BUILDING_EXCLUSION:
            return c["exclusion_subject"], [
                c["head"],
                w.unacceptable,
                c["behaviour"],
                c["exclude"],
                c["arrangements"],
                c["breach"],
                "{{ decided_by }}",
                c["if_disagree"],
                w.dispute,
            ]
        case NoticeKind.REVIEW_OUTCOME:
            return c["review_subject"], [
                c["head"],
                c["reviewed"],
                c["behaviour"],
                c["continue"],
                c["arrangements"],
                w.review,
                "{{ decided_by }}",
                c["if_disagree"],
                w.dispute,
            ]
        case NoticeKind.SANCTIONS_LIFTED:
            return c["lifted_subject"], [
                c["head"],
                c["lifted"],
                "{{ decided_by }}",
                w.complain,
            ]
        case NoticeKind.APPEAL_ACKNOWLEDGEMENT if w.appeal_received:
            return w.appeal_received_subject or c["appeal_received_subject"], [
                c["head"],
                w.appeal_received,
                c["appeal_received"],
            ]
        case NoticeKind.APPEAL_OUTCOME if w.appeal_outcome:
            return w.appeal_outcome_subject or c["appeal_outcome_subject"], [
                c["head"],
                w.appeal_outcome,
                c["appeal_outcome"],
                c["appeal_reasons"],
            ]
        case NoticeKind.CONTACT_ACKNOWLEDGEMENT:
            return c["contact_subject"], [c["head"], c["contact"], "{{ next_step }}"]
    return None


def _text(kind: str, w: PolicyWords, language: str) -> tuple[str, str] | None:
    found = _body(kind, w, COMMON[language])
    if found is None:
        return None
    subject, parts = found
    if w.encloses_policy and kind in DECISION_KINDS and kind != NoticeKind.SANCTIONS_LIFTED:
        # Beside the sentence that names the policy, before any "If you disagree" heading.
        parts.insert(2, ENCLOSURE)
    return subject, "\n\n".join([*parts, SIGN_OFF[language]])


def texts(shipped_as: str, kind: str, language: str) -> tuple[str, str] | None:
    """(subject, body) shipped for the kind and language to the profile shipped as
    `shipped_as` (`PolicyProfile.shipped_as`, never its slug, which may be renamed); None if
    none is."""
    by_language = WORDS_CY if language == NoticeLanguage.WELSH else WORDS
    words = by_language.get(shipped_as)
    return _text(kind, words, language) if words else None


def template(profile, kind: str, language: str) -> NoticeTemplate | None:
    """The shipped template as an unsaved row: what an administrator starts from."""
    found = texts(profile.shipped_as, kind, language)
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
        texts(profile.shipped_as, NoticeKind.SANCTIONS_IMPOSED, language) is not None
        or NoticeTemplate.objects.filter(profile=profile, language=language).exists()
    )
