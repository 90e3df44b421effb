"""The JSON API root (django-ninja): /api/v1, OpenAPI docs at /api/v1/docs and /api/docs."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import NinjaAPI
from ninja.security import HttpBearer, django_auth

from sotay.core.errors import DomainError


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        from sotay.members.accounts import api_token_user

        user = api_token_user(token)
        if user is not None:
            request.user = user
        return user


ERROR_SCHEMA = {
    "title": "Error",
    "type": "object",
    "properties": {
        "detail": {"title": "Lời nhắn (tiếng Việt)", "type": "string"},
        "field": {"title": "Trường sai", "anyOf": [{"type": "string"}, {"type": "null"}]},
    },
    "required": ["detail"],
}
# Answered for any operation by the handlers below and by ninja itself; documented once here
# instead of on each of the sixty-odd operations.
COMMON_ERRORS = {
    "400": "Dữ liệu không hợp lệ (lời nhắn tiếng Việt)",
    "401": "Chưa đăng nhập, khóa API hết hiệu lực hoặc cần xác thực 2 bước",
    "403": "Không có quyền",
    "404": "Không tìm thấy, hoặc ngoài phạm vi của người hỏi",
    "422": "Sai kiểu dữ liệu so với lược đồ",
}


class SotayAPI(NinjaAPI):
    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
        ref = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        for operations in schema["paths"].values():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                for code, text in COMMON_ERRORS.items():
                    responses.setdefault(code, {"description": text, **ref})
        return schema


api = SotayAPI(
    title="Sổ tay đảng viên API",
    version="1",
    urls_namespace="api",
    auth=[TokenAuth(), django_auth],
    docs_url="/docs",
    description="API cho ứng dụng di động và tích hợp. Xác thực: `Authorization: Bearer <token>` "
    "(lấy ở POST /api/v1/auth/token) hoặc phiên đăng nhập của trình duyệt.",
)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> Any:
    return api.create_response(request, {"detail": exc.message, "field": exc.field}, status=400)


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> Any:
    return api.create_response(request, {"detail": str(exc) or "Không có quyền."}, status=403)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> Any:
    return api.create_response(request, {"detail": "Không tìm thấy."}, status=404)


from sotay.assistant.api import router as assistant_router  # noqa: E402
from sotay.content.api import router as content_router  # noqa: E402
from sotay.dues.api import router as dues_router  # noqa: E402
from sotay.ekyc.api import router as ekyc_router  # noqa: E402
from sotay.meetings.api import router as meetings_router  # noqa: E402
from sotay.members.api import router as members_router  # noqa: E402
from sotay.messaging.api import router as messaging_router  # noqa: E402
from sotay.notices.api import router as notices_router  # noqa: E402
from sotay.orgs.api import router as orgs_router  # noqa: E402
from sotay.participation.api import router as participation_router  # noqa: E402
from sotay.planner.api import router as planner_router  # noqa: E402
from sotay.ratings.api import router as ratings_router  # noqa: E402
from sotay.study.api import router as study_router  # noqa: E402

api.add_router("/", members_router)
api.add_router("/units", orgs_router)
api.add_router("/", notices_router)
api.add_router("/content", content_router)
api.add_router("/", meetings_router)
api.add_router("/", study_router)
api.add_router("/", participation_router)
api.add_router("/", planner_router)
api.add_router("/", messaging_router)
api.add_router("/", assistant_router)
api.add_router("/", ekyc_router)
api.add_router("/", ratings_router)
api.add_router("/", dues_router)
