"""A synthetic photo of a member's party card, to try registration by card on the demo:

    python manage.py ekyc_sample_card 10000005 --out var/the-10000005.jpg [--portrait face.jpg]
        [--layout chuan|nhan-ben-canh|giu-lai] [--hard] [--close]

Without --portrait the card's photo box is empty, so the face check cannot pass and the
registration goes to the cell committee's queue — which is the other half worth trying."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from PIL import Image

from sotay.ekyc import card, faces
from sotay.members.models import Member
from sotay.orgs.models import Organization


class Command(BaseCommand):
    help = "Tạo ảnh chụp (giả lập) thẻ đảng viên của một đảng viên để thử đăng ký eKYC."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("card_number")
        parser.add_argument("--out", type=Path, required=True)
        parser.add_argument("--portrait", type=Path, help="ảnh chân dung in lên thẻ")
        parser.add_argument("--hard", action="store_true", help="ảnh chụp khó đọc hơn")
        parser.add_argument(
            "--layout",
            choices=[layout.name for layout in card.LAYOUTS],
            default=card.STANDARD.name,
            help="mẫu thẻ (cách in nhãn, ảnh, phông chữ)",
        )
        parser.add_argument("--close", action="store_true", help="chụp gần: thẻ kín khung hình")
        parser.add_argument("--seed", type=int, help="cùng số: cùng một ảnh chụp")

    def handle(self, *args: Any, **options: Any) -> None:
        member = Member.objects.filter(party_card_number=options["card_number"]).first()
        if member is None or member.birth_date is None or member.admitted_on is None:
            raise CommandError("Không có đảng viên (có ngày sinh, ngày vào Đảng) mang số thẻ này.")
        top = (
            Organization.objects.filter(path=member.cell.path[: Organization.steplen]).first()
            if member.cell
            else None
        )
        data = card.CardData(
            member.full_name,
            member.birth_date,
            member.admitted_on,
            member.party_card_number or "",
            top.name if top else "Đảng bộ tỉnh",
        )
        portrait = None
        if options["portrait"]:
            portrait = faces.portrait(Image.open(options["portrait"]).convert("RGB"))
        layout = next(lay for lay in card.LAYOUTS if lay.name == options["layout"])
        photo = card.photograph(
            card.render(data, portrait, layout),
            random.Random(options["seed"]),
            options["hard"],
            options["close"],
        )
        options["out"].parent.mkdir(parents=True, exist_ok=True)
        options["out"].write_bytes(photo)
        self.stdout.write(f"{options['out']}: thẻ của {member.full_name} ({member.cell}).")
