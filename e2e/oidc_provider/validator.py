from typing import Any

from oauth2_provider.oauth2_validators import OAuth2Validator


class CitizenValidator(OAuth2Validator):
    """Every ID token and userinfo answer carries the person's citizen ID (their username
    here) and name, as a national e-ID provider's would."""

    oidc_claim_scope = None

    def get_additional_claims(self, request: Any) -> dict[str, str]:
        return {"citizen_id": request.user.username, "name": request.user.first_name}
