"""Forgetting on time: the retention sweep and the legal hold it respects (UK GDPR
Art. 5(1)(e)). The schedule itself is the profile's (`contactpolicy.retention`)."""
