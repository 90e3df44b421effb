"""The assistant's evaluation set and scorer (``make eval-assistant``).

Questions are written the way members ask — with and without diacritics, colloquially — each
with the document articles that answer it (any of them counts), and questions outside party
matters that must be declined. Metrics: top-1 and top-3 accuracy, MRR, decline precision and
recall, p95 latency, and whether any answer came without a citation."""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from typing import Any

C = "Điều lệ Đảng"
Q294 = "294-QĐ/TW"
H06 = "06-HD/TW"

# (question, acceptable (document, article) pairs)
IN_SCOPE: list[tuple[str, list[tuple[str, str]]]] = [
    ("tôi già yếu có được miễn sinh hoạt không", [(C, "Điều 7"), (Q294, "Mục 7")]),
    ("bố tôi 85 tuổi ốm đau xin miễn sinh hoạt đảng được không", [(C, "Điều 7"), (Q294, "Mục 7")]),
    ("dang vien tuoi cao suc yeu xin mien cong tac", [(C, "Điều 7"), (Q294, "Mục 7")]),
    ("ai quyết định cho đảng viên miễn sinh hoạt", [(C, "Điều 7"), (Q294, "Mục 7")]),
    ("đảng viên dự bị bao lâu thì được chính thức", [(C, "Điều 5"), (Q294, "Mục 4")]),
    ("dang vien du bi bao lau", [(C, "Điều 5"), (Q294, "Mục 4")]),
    ("thời kỳ dự bị tính từ ngày nào", [(C, "Điều 5"), (Q294, "Mục 4")]),
    ("tuổi đảng tính từ khi nào", [(C, "Điều 5"), (Q294, "Mục 4")]),
    ("hết dự bị mà không đủ tư cách thì sao", [(C, "Điều 5"), (Q294, "Mục 4")]),
    ("xét công nhận đảng viên chính thức cần hồ sơ gì", [(H06, "Mục 4"), (C, "Điều 5")]),
    ("bỏ họp mấy tháng thì bị xóa tên", [(C, "Điều 8"), (Q294, "Mục 8")]),
    ("khong dong dang phi 3 thang co bi xoa ten khong", [(C, "Điều 8"), (Q294, "Mục 8")]),
    ("muốn xin ra khỏi đảng thì làm thế nào", [(C, "Điều 8"), (H06, "Mục 11")]),
    ("đảng viên bị xóa tên có được khiếu nại không", [(C, "Điều 8"), (Q294, "Mục 8")]),
    ("cần mấy người giới thiệu vào đảng", [(C, "Điều 4"), (Q294, "Mục 3")]),
    ("người giới thiệu phải cùng công tác bao lâu", [(C, "Điều 4"), (Q294, "Mục 3")]),
    ("xin vào đảng cần những thủ tục gì", [(C, "Điều 4"), (H06, "Mục 3"), (Q294, "Mục 3")]),
    ("chi bộ xét kết nạp cần bao nhiêu đảng viên tán thành", [(C, "Điều 4")]),
    ("đoàn viên thanh niên vào đảng thì ai giới thiệu", [(C, "Điều 4"), (Q294, "Mục 3")]),
    ("bao nhiêu tuổi thì được vào đảng", [(C, "Điều 1"), (Q294, "Mục 1"), (H06, "Mục 1")]),
    ("may tuoi thi duoc ket nap dang", [(C, "Điều 1"), (Q294, "Mục 1"), (H06, "Mục 1")]),
    ("người trên 60 tuổi có được kết nạp vào đảng không", [(Q294, "Mục 1"), (H06, "Mục 1")]),
    ("trình độ học vấn của người vào đảng", [(Q294, "Mục 1"), (H06, "Mục 1")]),
    ("đảng viên có những nhiệm vụ gì", [(C, "Điều 2"), (H06, "Mục 2")]),
    ("nhiệm vụ của đảng viên là gì", [(C, "Điều 2"), (H06, "Mục 2")]),
    ("đảng viên có những quyền gì", [(C, "Điều 3"), (Q294, "Mục 2")]),
    ("dang vien du bi co quyen bieu quyet khong", [(C, "Điều 3"), (Q294, "Mục 2")]),
    ("đảng viên dự bị có được ứng cử không", [(C, "Điều 3"), (Q294, "Mục 2")]),
    ("đảng viên có quyền phê bình chất vấn không", [(C, "Điều 3"), (Q294, "Mục 2")]),
    ("thẻ đảng viên do ai quản lý", [(C, "Điều 6"), (Q294, "Mục 6"), (H06, "Mục 7")]),
    ("mất thẻ đảng thì làm sao", [(H06, "Mục 7"), (Q294, "Mục 6")]),
    ("đi làm xa thì chuyển sinh hoạt đảng thế nào", [(H06, "Mục 10"), (Q294, "Mục 6")]),
    ("chuyển sinh hoạt tạm thời", [(H06, "Mục 10"), (Q294, "Mục 6")]),
    ("sai ngày sinh trong hồ sơ đảng viên thì sửa thế nào", [(H06, "Mục 9")]),
    ("hồ sơ đảng viên gồm những gì", [(H06, "Mục 8"), (Q294, "Mục 6")]),
    ("nguyên tắc tập trung dân chủ là gì", [(C, "Điều 9"), (Q294, "Mục 9")]),
    ("thiểu số phục tùng đa số", [(C, "Điều 9"), (Q294, "Mục 9")]),
    ("chi bộ họp mấy lần một tháng", [(C, "Điều 24"), (C, "Điều 22"), (Q294, "Mục 21")]),
    ("chi bo sinh hoat bao lau mot lan", [(C, "Điều 24"), (C, "Điều 22"), (Q294, "Mục 21")]),
    ("mỗi chi bộ phải có ít nhất mấy đảng viên", [(C, "Điều 24")]),
    ("chi bộ mấy đảng viên thì được bầu chi ủy", [(C, "Điều 24"), (Q294, "Mục 23")]),
    ("đại hội chi bộ mấy năm một lần", [(C, "Điều 24"), (Q294, "Mục 23"), (H06, "Mục 13")]),
    ("nhiệm kỳ của chi bộ là bao lâu", [(C, "Điều 24"), (Q294, "Mục 23"), (H06, "Mục 13")]),
    ("tổ đảng là gì", [(C, "Điều 24")]),
    ("chi bộ có nhiệm vụ gì", [(C, "Điều 24"), (C, "Điều 23")]),
    ("tổ chức cơ sở đảng có nhiệm vụ gì", [(C, "Điều 23"), (C, "Điều 21")]),
    ("đại hội đảng bộ cơ sở mấy năm một lần", [(C, "Điều 22"), (H06, "Mục 13")]),
    ("đại hội đảng toàn quốc mấy năm họp một lần", [(C, "Điều 15")]),
    ("ai bầu tổng bí thư", [(C, "Điều 17")]),
    ("ban chấp hành trung ương có nhiệm vụ gì", [(C, "Điều 16")]),
    ("tiêu chuẩn cấp ủy viên", [(C, "Điều 12")]),
    ("các hình thức kỷ luật đảng viên", [(C, "Điều 35")]),
    ("dang vien bi ky luat co nhung hinh thuc nao", [(C, "Điều 35")]),
    ("đảng viên dự bị vi phạm thì bị kỷ luật thế nào", [(C, "Điều 35")]),
    ("ai có thẩm quyền kỷ luật đảng viên", [(C, "Điều 36")]),
    ("kỷ luật tổ chức đảng do ai quyết định", [(C, "Điều 37")]),
    ("đảng viên bị xử lý kỷ luật có được khiếu nại không", [(C, "Điều 38"), (C, "Điều 39")]),
    ("bị phạt tù thì có bị khai trừ khỏi đảng không", [(C, "Điều 40")]),
    ("ủy ban kiểm tra có nhiệm vụ gì", [(C, "Điều 32"), (C, "Điều 31")]),
    ("ủy ban kiểm tra do ai bầu", [(C, "Điều 31"), (Q294, "Mục 27")]),
    ("kiểm tra giám sát là chức năng gì của đảng", [(C, "Điều 30")]),
    ("khen thưởng đảng viên như thế nào", [(C, "Điều 34"), (Q294, "Mục 28"), (H06, "Mục 19")]),
    ("huy hiệu đảng được tặng khi nào", [(H06, "Mục 18")]),
    ("đảng phí đóng như thế nào", [(C, "Điều 46"), (Q294, "Mục 31")]),
    ("tài chính của đảng gồm những gì", [(C, "Điều 46"), (Q294, "Mục 31")]),
    ("đảng viên còn tuổi đoàn có phải sinh hoạt đoàn không", [(C, "Điều 45")]),
    ("đảng lãnh đạo đoàn thanh niên như thế nào", [(C, "Điều 44"), (Q294, "Mục 30")]),
    ("ai có quyền sửa đổi điều lệ đảng", [(C, "Điều 48")]),
    ("hệ thống tổ chức của đảng lập theo gì", [(C, "Điều 10"), (Q294, "Mục 10")]),
    ("đảng lãnh đạo quân đội như thế nào", [(C, "Điều 25")]),
    ("cap uy khoa moi dieu hanh cong viec khi nao", [(C, "Điều 13"), (Q294, "Mục 15")]),
    ("đại hội bất thường là gì", [(Q294, "Mục 19")]),
]

OUT_OF_SCOPE: list[str] = [
    "hôm nay thời tiết thế nào",
    "giá vàng hôm nay bao nhiêu",
    "cách nấu phở bò ngon",
    "đội tuyển bóng đá việt nam đá mấy giờ",
    "xe máy bị thủng săm thì làm sao",
    "tỷ giá đô la mỹ",
    "mua vé tàu đi hà nội ở đâu",
    "cach trong lua mua xuan",
    "thuốc nào chữa đau lưng",
    "lịch chiếu phim cuối tuần",
    "điện thoại bị hết pin nhanh",
    "học tiếng anh ở đâu tốt",
    "bao giờ có lương hưu tháng này",
    "cách làm hộ chiếu",
    "mạng wifi nhà tôi chậm",
]


@dataclass
class Result:
    top1: float
    top3: float
    mrr: float
    decline_precision: float
    decline_recall: float
    p95_ms: float
    uncited: int
    questions: int
    misses: list[tuple[str, list[str]]]


def evaluate(scheme: str | None = None, ask: Any = None) -> Result:
    from .engine import ask as default_ask
    from .text import DEFAULT_SCHEME

    ask = ask or default_ask
    scheme = scheme or DEFAULT_SCHEME
    ask("đảng viên dự bị", scheme=scheme)  # build the index before timing
    times, ranks, misses, uncited = [], [], [], 0
    declined_in, declined_out = 0, 0
    for question, wanted in IN_SCOPE:
        t = time.perf_counter()
        answer = ask(question, scheme=scheme)
        times.append((time.perf_counter() - t) * 1000)
        if not answer.declined and not answer.citations:
            uncited += 1
        found = [(p.document_number, p.article) for p in answer.ranked]
        if answer.declined:
            declined_in += 1
        rank = next((i + 1 for i, f in enumerate(found) if f in wanted), None)
        if answer.declined and answer.score < 1e-9:
            rank = None
        ranks.append(rank if not answer.declined else None)
        if rank != 1 or answer.declined:
            misses.append((question, [f"{d} {a}" for d, a in found[:3]]))
    for question in OUT_OF_SCOPE:
        t = time.perf_counter()
        answer = ask(question, scheme=scheme)
        times.append((time.perf_counter() - t) * 1000)
        if answer.declined:
            declined_out += 1
        elif not answer.citations:
            uncited += 1
    n = len(IN_SCOPE)
    total_declined = declined_in + declined_out
    times.sort()
    return Result(
        top1=sum(1 for r in ranks if r == 1) / n,
        top3=sum(1 for r in ranks if r and r <= 3) / n,
        mrr=sum(1 / r for r in ranks if r) / n,
        decline_precision=declined_out / total_declined if total_declined else 1.0,
        decline_recall=declined_out / len(OUT_OF_SCOPE),
        p95_ms=times[max(0, int(len(times) * 0.95) - 1)],
        uncited=uncited,
        questions=n + len(OUT_OF_SCOPE),
        misses=misses,
    )


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples)
