"""Vietnamese text for retrieval: accent-folded syllables plus pyvi's segmented words, the way
members actually ask (with or without diacritics, colloquially) mapped onto the words the
Charter and regulations use."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from sotay.core.text import clean, fold

_WORD = re.compile(r"[0-9a-zà-ỹđ_]+", re.IGNORECASE)
_TONES = {"\u0300": "2", "\u0301": "1", "\u0303": "4", "\u0309": "3", "\u0323": "5"}


def _syllable(word: str) -> str:
    """A syllable with its letters' marks (â, ơ, đ …) and its tone as a digit: "ủy" and "uỷ",
    "hóa" and "hoá" (the old and new placement of the tone mark) are one word."""
    tone = ""
    kept = []
    for ch in unicodedata.normalize("NFD", word):
        if ch in _TONES:
            tone = _TONES[ch]
        else:
            kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept)) + tone


def own_words(text: str) -> list[str]:
    """Lower-cased syllables as typed, diacritics kept (tone mark placement normalised)."""
    return [_syllable(w) for w in _WORD.findall(clean(text).lower())]


# Function words and forms of address: they carry no meaning for retrieval.
_STOP_TEXT = (
    "tôi em anh chị ông bà bác cô chú mình con cháu ạ nhé nhỉ vậy thế nào gì sao à ơi hả thì là "
    "của cho với và hay hoặc như nếu khi đã sẽ đang bị các những một có được không phải cần muốn "
    "hỏi xin biết ai đâu này đó ấy rồi vẫn còn lại ra vào làm theo về trong ngoài trên dưới "
    "nhiều ít rất thật đều cũng mới"
)
STOP_WORDS = tuple(_STOP_TEXT.split())
STOP_ACCENTED = frozenset(_syllable(w) for w in STOP_WORDS)
STOP = frozenset(fold(w) for w in STOP_WORDS) - {
    fold(w) for w in ("vào", "ra", "đang", "chị", "bà", "bị")
}
# Removed after folding because they collide with the texts' own words: đang/đảng, chị/chi (bộ),
# bà/ba (tháng), bị/bí (thư). Stripping "dang" and "chi" made "đảng viên" and "chi bộ" vanish
# from unaccented questions (measured: top-1 76% → 82%).

# Colloquial phrasing → the words of the texts (folded). The phrase is written with its
# diacritics: a question typed with them must match it letter for letter ("phát thẻ" is not
# "phạt"); a question typed without them matches it folded.
SYNONYMS: list[tuple[str, str]] = [
    ("già yếu", "tuoi cao suc yeu"),
    ("già rồi", "tuoi cao"),
    ("lớn tuổi", "tuoi cao"),
    ("ốm đau", "suc yeu"),
    ("ốm yếu", "suc yeu"),
    ("không đi họp", "bo sinh hoat chi bo"),
    ("bỏ họp", "bo sinh hoat chi bo"),
    ("nghỉ họp", "bo sinh hoat chi bo"),
    ("không đóng đảng phí", "khong dong dang phi xoa ten"),
    ("miễn họp", "mien sinh hoat dang"),
    ("miễn sinh hoạt", "mien cong tac va sinh hoat dang"),
    ("vào đảng", "ket nap dang"),
    ("xin vào", "ket nap don tu nguyen"),
    ("ra khỏi đảng", "xin ra khoi dang xoa ten"),
    ("bị đuổi", "khai tru"),
    ("đuổi khỏi đảng", "khai tru"),
    ("tiền đảng", "dang phi"),
    ("đóng tiền", "dang phi"),
    ("thẻ đảng", "the dang vien"),
    ("mất thẻ", "the dang vien cap lai"),
    ("đi làm xa", "chuyen sinh hoat tam thoi"),
    ("chuyển nhà", "chuyen sinh hoat dang"),
    ("chuyển nơi ở", "chuyen sinh hoat dang"),
    ("bao lâu họp", "hop thuong le"),
    ("họp mấy lần", "hop thuong le moi thang mot lan"),
    ("người giới thiệu", "gioi thieu dang vien chinh thuc"),
    ("dự bị bao lâu", "thoi ky du bi muoi hai thang"),
    ("lên chính thức", "cong nhan dang vien chinh thuc"),
    ("xử lý", "ky luat"),
    ("phạt", "ky luat"),
    ("bị kỷ luật", "hinh thuc ky luat"),
    ("huy hiệu", "huy hieu dang"),
    ("khen", "khen thuong"),
    ("đổi tên", "thay doi ho ten"),
    ("sai ngày sinh", "thay doi ngay thang nam sinh"),
    ("bao nhiêu tuổi", "tuoi doi"),
    ("mấy tuổi", "tuoi doi"),
    ("bí thư", "bi thu chi bo"),
    ("đại hội chi bộ", "dai hoi chi bo nhiem ky"),
]
_FOLDED_SYNONYMS = [
    (fold(phrase), " ".join(own_words(phrase)), target) for phrase, target in SYNONYMS
]
# A question is "typed with diacritics" when this share of its syllables carry them (a
# Vietnamese sentence has ≈ 70–80%); below it, a few accented words do not make it so.
ACCENTED_SHARE = 0.4


def folded_words(text: str) -> list[str]:
    return [w for w in _WORD.findall(fold(text)) if w]


@lru_cache(maxsize=1)
def _segmenter():  # noqa: ANN202
    from pyvi import ViTokenizer

    return ViTokenizer


def compounds(text: str) -> list[str]:
    """pyvi's multi-syllable words ("đảng_viên", "sinh_hoạt"), folded."""
    segmented = _segmenter().tokenize(clean(text))
    return [fold(w) for w in segmented.split() if "_" in w]


def typed_with_diacritics(text: str) -> bool:
    words = own_words(text)
    marked = sum(1 for w in words if not w.isdigit() and (w[-1] in "12345" or fold(w) != w))
    return bool(words) and marked / len(words) >= ACCENTED_SHARE


def expand(question: str) -> str:
    """The question with the texts' words added for colloquial phrases."""
    folded = " ".join(folded_words(question))
    if typed_with_diacritics(question):
        own = f" {' '.join(own_words(question))} "
        extra = [t for _, phrase, t in _FOLDED_SYNONYMS if f" {phrase} " in own]
    else:
        extra = [t for key, _, t in _FOLDED_SYNONYMS if f" {key} " in f" {folded} "]
    return " ".join([folded, *extra])


def accented_tokens(text: str) -> list[str]:
    """Syllables as written (diacritics kept) without function words, and adjacent pairs: for
    questions typed with diacritics, where folding would merge "phát" with "phạt"."""
    words = own_words(text)
    out = [w for w in words if (w not in STOP_ACCENTED and len(w) > 1) or w.isdigit()]
    out += [
        f"{a}_{b}"
        for a, b in zip(words, words[1:], strict=False)
        if a not in STOP_ACCENTED and b not in STOP_ACCENTED
    ]
    return out


SCHEMES = ("syllables", "syllables+bigrams", "syllables+pyvi", "syllables+bigrams+pyvi")
DEFAULT_SCHEME = "syllables+bigrams"


def tokens(text: str, *, query: bool = False, scheme: str = DEFAULT_SCHEME) -> list[str]:
    """Folded syllables without function words, plus (by ``scheme``) adjacent-syllable pairs
    and/or pyvi's segmented words. A query is first expanded with the texts' own words.
    ``make eval-assistant`` measures every scheme."""
    base = expand(text) if query else text
    folded = folded_words(base)
    out = [w for w in folded if (w not in STOP and len(w) > 1) or w.isdigit()]
    if "bigrams" in scheme:
        out += [
            f"{a}_{b}"
            for a, b in zip(folded, folded[1:], strict=False)
            if a not in STOP and b not in STOP
        ]
    if "pyvi" in scheme:
        out += [w for w in compounds(base) if w.split("_")[0] not in STOP]
    return out
