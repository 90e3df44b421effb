"""Private files are served only through access-checked views (issue 17.7): a chat image to
the conversation's members, never to an outsider, never under /media/; with nginx in front,
through X-Accel-Redirect."""

import uuid

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from sotay.conftest import Personas, signed_in
from sotay.messaging import services
from sotay.messaging.models import Conversation

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99"
    b"=\x1d\x00\x00\x00\x00IEND\xaeB`\x82"
)


def _image_message(personas: Personas):  # noqa: ANN202
    member = personas.member.member
    services.ensure_groups(member)
    group = Conversation.objects.get(kind="cell", unit_id=member.cell_id)
    upload = SimpleUploadedFile("anh-hop.png", PNG, "image/png")
    message, _new = services.send(
        member=member, conversation=group, client_id=uuid.uuid4(), upload=upload
    )
    return group, services.payload(message)


def test_chat_file_for_members_of_the_conversation_only(personas: Personas) -> None:
    group, reply = _image_message(personas)
    url = reply["attachment"]
    assert url.startswith("/tin-nhan/tin/") and "/media/" not in url
    page = signed_in(personas.member).get(f"/tin-nhan/{group.public_id}/").content.decode()
    assert url in page and "/media/" not in page
    mine = signed_in(personas.member).get(url)
    assert mine.status_code == 200 and b"".join(mine.streaming_content) == PNG
    assert mine["Content-Type"] == "image/png" and "private" in mine["Cache-Control"]
    # The committee of the unit above reads the cell group; the outsider and strangers do not.
    assert signed_in(personas.outsider).get(url).status_code == 404
    assert signed_in(personas.member).get("/tin-nhan/tin/999999/tep/").status_code == 404
    anonymous = signed_in(personas.member)
    anonymous.logout()
    assert anonymous.get(url).status_code == 302


def test_nothing_is_served_under_media(personas: Personas) -> None:
    from sotay.messaging.models import Message

    _image_message(personas)
    name = Message.objects.get().attachment.name
    assert signed_in(personas.member).get(f"/media/{name}").status_code == 404


@override_settings(SOTAY_PRIVATE_FILES_ACCEL="/_private/")
def test_behind_nginx_the_file_is_handed_over_by_x_accel_redirect(
    personas: Personas, settings: object
) -> None:
    from django.core.files.storage import FileSystemStorage

    from sotay.messaging.models import Message

    storage = FileSystemStorage(location=str(settings.MEDIA_ROOT))
    field = Message._meta.get_field("attachment")
    original = field.storage
    field.storage = storage
    try:
        _group, reply = _image_message(personas)
        answer = signed_in(personas.member).get(reply["attachment"])
        name = Message.objects.get().attachment.name
        assert answer.status_code == 200 and answer["X-Accel-Redirect"] == f"/_private/{name}"
        assert answer.content == b""
        assert signed_in(personas.outsider).get(reply["attachment"]).status_code == 404
        storage.delete(name)
    finally:
        field.storage = original
