from restrictions.urls_decisions import urlpatterns as decision_patterns
from restrictions.urls_register import urlpatterns as register_patterns

app_name = "restrictions"

urlpatterns = [*decision_patterns, *register_patterns]
