from contactpolicy.forms import GovukForm, textarea


class HoldPlaceForm(GovukForm):
    error_names = {"reason": "why the records are held"}
    error_subjects = {"reason": "The reason"}

    reason = textarea(
        "Why must this customer's records be kept?",
        help_text="For example, a claim against the organisation, an inquiry or a complaint "
        "to the ombudsman that is still running. Staff who read the hold see this.",
        rows=4,
        max_length=2000,
        missing="Enter why the customer's records are held",
    )


class HoldLiftForm(GovukForm):
    error_names = {"reason": "why the hold is lifted"}
    error_subjects = {"reason": "The reason"}

    reason = textarea(
        "Why is the hold lifted?",
        help_text="For example, the claim was settled. Their records then follow the "
        "retention schedule again.",
        rows=4,
        max_length=2000,
        missing="Enter why the hold is lifted",
    )
