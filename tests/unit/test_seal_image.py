"""Round company seals drawn without Odoo, and uploaded seals checked."""

import io

import pytest
from conftest import png
from esign_tools import seal_image
from esign_tools.errors import ImageRejected
from PIL import Image


def _open(data):
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_round_seal_is_a_transparent_png_at_600_dpi():
    data = seal_image.render_round_seal(seal_image.SealDesign("ACME Trading Ltd", "RC 123"))
    image = _open(data)
    assert image.format == "PNG" and image.mode == "RGBA"
    # 42 mm at 600 dpi, and the dpi recorded in the file.
    assert image.size[0] == image.size[1] == round(42 / 25.4 * 600)
    assert round(image.info["dpi"][0]) >= 600
    assert seal_image.has_transparency(data)
    corner = image.getpixel((2, 2))
    assert corner[3] == 0
    centre = image.getpixel((image.size[0] // 2, image.size[1] // 2))
    assert centre[3] == 255 and centre[0] > 150, "the star fills the centre in red"


def test_round_seal_draws_the_name_along_the_upper_rim():
    blank = _open(seal_image.render_round_seal(seal_image.SealDesign("", star=False)))
    named = _open(seal_image.render_round_seal(seal_image.SealDesign("ACME", star=False)))
    size = named.size[0]
    band = (size * 2 // 5, size // 10, size * 3 // 5, size * 9 // 50)
    assert named.crop(band).getchannel("A").getextrema()[1] == 255
    assert blank.crop(band).getchannel("A").getextrema()[1] == 0


def test_star_and_registry_number_are_optional():
    plain = _open(seal_image.render_round_seal(seal_image.SealDesign("X", star=False)))
    centre = plain.getpixel((plain.size[0] // 2, plain.size[1] // 2))
    assert centre[3] == 0
    numbered = _open(seal_image.render_round_seal(
        seal_image.SealDesign("X", "0123.456.789", star=False)))
    size = numbered.size[0]
    bottom = (size * 2 // 5, size * 43 // 50, size * 3 // 5, size * 47 // 50)
    assert numbered.crop(bottom).getchannel("A").getextrema()[1] == 255
    assert plain.crop(bottom).getchannel("A").getextrema()[1] == 0


def test_seal_below_600_dpi_is_refused():
    with pytest.raises(ValueError):
        seal_image.render_round_seal(seal_image.SealDesign("ACME", dpi=300))


def test_uploaded_seal_must_be_a_real_png():
    assert _open(seal_image.check_uploaded_seal(png())).format == "PNG"
    jpeg = io.BytesIO()
    Image.new("RGB", (50, 50), (255, 0, 0)).save(jpeg, format="JPEG")
    for data, code in ((b"", "image_too_big"), (jpeg.getvalue(), "image_type"),
                       (b"%PDF-1.7 not an image", "image_type"),
                       (seal_image.PNG_MAGIC + b"garbage", "image_corrupt"),
                       (png(blank=True), "image_blank"),
                       (b"\x89PNG\r\n\x1a\n" + b"0" * (seal_image.SEAL_MAX_BYTES + 1),
                        "image_too_big")):
        with pytest.raises(ImageRejected) as caught:
            seal_image.check_uploaded_seal(data)
        assert caught.value.code == code


def test_uploaded_seal_pixel_bomb_is_refused_from_its_header():
    bomb = io.BytesIO()
    Image.new("1", (5000, 5000)).save(bomb, format="PNG")
    with pytest.raises(ImageRejected) as caught:
        seal_image.check_uploaded_seal(bomb.getvalue())
    assert caught.value.code == "image_too_big"
