"""Faces: find one face, describe it (dlib's ResNet, 128 numbers), compare, and estimate which
way the head is turned — with dlib (``dlib-bin`` wheels) and the model files shipped by
``face_recognition_models``.

Only the public-domain models are used: the HOG face detector built into dlib, the 5-point
landmark model and the ResNet descriptor. The 68-point landmark model in the same package is
never loaded: its training data's licence excludes commercial use. (``face_recognition`` itself
loads the 68-point model when imported, which is why this module calls dlib directly with the
same model files.) Descriptors live in memory for one check and are never stored."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from PIL import Image

from sotay.core.errors import DomainError

# Euclidean distance between two descriptors of the same person. dlib's published operating
# point is 0.6 (99.38% on LFW); card photos are small and printed, so a clear match must be
# closer, and the band between goes to a person. Justified by the measured distances in
# sotay/ekyc/tests/test_faces.py and docs/benchmarks.md.
MATCH_BELOW = 0.55
REJECT_ABOVE = 0.65
# Head turn (liveness): the nose's sideways offset from between the eyes, as a share of the
# eye distance. Frontal faces measure within ±0.08; a deliberate turn exceeds 0.15.
TURN_AT_LEAST = 0.15
MAX_SIDE = 1200  # selfies are scaled down to this before looking for faces
CARD_SIDE = 1012  # a straightened card's width (card.WIDTH): its photo is a small part of it


@dataclass
class Face:
    descriptor: Any  # numpy array (128,)
    yaw: float  # < 0: turned to the person's right (nose to the image's left); > 0: to the left
    box: tuple[int, int, int, int]


@lru_cache(maxsize=1)
def _models() -> tuple[Any, Any, Any]:
    import dlib
    import face_recognition_models as files

    return (
        dlib.get_frontal_face_detector(),
        dlib.shape_predictor(files.pose_predictor_five_point_model_location()),
        dlib.face_recognition_model_v1(files.face_recognition_model_location()),
    )


def available() -> bool:
    try:
        _models()
    except (ImportError, RuntimeError):
        return False
    return True


def _array(image: Image.Image, max_side: int) -> Any:
    import numpy as np

    image = image.convert("RGB")
    scale = min(1.0, max_side / max(image.size))
    if scale < 1:
        image = image.resize((round(image.width * scale), round(image.height * scale)))
    return np.asarray(image)


def _yaw(shape: Any) -> float:
    # 5-point model: 0,1 = one eye's corners, 2,3 = the other's, 4 = below the nose.
    p = [(shape.part(i).x, shape.part(i).y) for i in range(5)]
    eye_a = ((p[0][0] + p[1][0]) / 2, (p[0][1] + p[1][1]) / 2)
    eye_b = ((p[2][0] + p[3][0]) / 2, (p[2][1] + p[3][1]) / 2)
    middle = (eye_a[0] + eye_b[0]) / 2
    distance = max(1.0, abs(eye_a[0] - eye_b[0]))
    return (p[4][0] - middle) / distance


def faces(image: Image.Image, upsample: int = 1, max_side: int = MAX_SIDE) -> list[Face]:
    import numpy as np

    detector, landmarks, describe = _models()
    pixels = _array(image, max_side)
    found = []
    for rect in detector(pixels, upsample):
        shape = landmarks(pixels, rect)
        descriptor = np.array(describe.compute_face_descriptor(pixels, shape, 1))
        box = (rect.left(), rect.top(), rect.right(), rect.bottom())
        found.append(Face(descriptor, _yaw(shape), box))
    return found


def one_face(image: Image.Image, what: str = "Ảnh chân dung", upsample: int = 1) -> Face:
    """The single face of a selfie, or a Vietnamese message."""
    found = faces(image, upsample=upsample)
    if not found:
        raise DomainError(
            f"{what}: không thấy khuôn mặt. Hãy chụp chính diện, đủ sáng, mặt chiếm phần lớn ảnh."
        )
    if len(found) > 1:
        raise DomainError(f"{what}: có {len(found)} khuôn mặt. Chỉ chụp một mình đồng chí.")
    return found[0]


def card_face(photo: Image.Image) -> Face | None:
    """The face of the photo printed on a straightened card (or of a record photo), wherever the
    card's layout puts it: the largest face found, looked for again at twice the size when the
    print is too small to be seen at once."""
    for upsample in (1, 2):
        found = faces(photo, upsample=upsample, max_side=CARD_SIDE)
        if found:
            return max(found, key=lambda f: (f.box[2] - f.box[0]) * (f.box[3] - f.box[1]))
    return None


def distance(a: Face, b: Face) -> float:
    import numpy as np

    return float(np.linalg.norm(a.descriptor - b.descriptor))


def verdict(d: float | None) -> str:
    """match / uncertain / different (None: no face to compare with → uncertain)."""
    if d is None:
        return "uncertain"
    if d < MATCH_BELOW:
        return "match"
    return "different" if d > REJECT_ABOVE else "uncertain"


def turned(first: Face, second: Face, direction: str) -> bool:
    """Liveness: the second selfie shows the head turned the requested way ("trai": to the
    member's left, "phai": to their right), relative to the first."""
    change = second.yaw - first.yaw
    return change >= TURN_AT_LEAST if direction == "trai" else change <= -TURN_AT_LEAST


def portrait(image: Image.Image) -> Image.Image:
    """A 3x4 head-and-shoulders crop around the largest face (as printed on a card), or the
    image itself when no face is found."""
    found = faces(image, max_side=max(image.size))
    if not found:
        return image
    x0, y0, x1, y1 = max(found, key=lambda f: (f.box[2] - f.box[0]) * (f.box[3] - f.box[1])).box
    cx, cy, size = (x0 + x1) / 2, (y0 + y1) / 2, max(x1 - x0, y1 - y0)
    width, height = size * 2.0, size * 2.0 * 4 / 3
    box = (cx - width / 2, cy - height * 0.45, cx + width / 2, cy + height * 0.55)
    return image.crop((round(box[0]), round(box[1]), round(box[2]), round(box[3])))
