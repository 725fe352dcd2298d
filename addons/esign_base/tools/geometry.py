"""From what the reader sees to PDF user space.

Field positions are fractions of the page *as displayed* (after /Rotate),
from its top-left corner. Drawing happens in "reader space": origin at the
bottom-left of the displayed page, x to the right, y up, in points. One
``cm`` matrix per page maps reader space onto the page's user space.
"""


def reader_to_user_matrix(page):
    x0, y0, x1, y1 = page.box
    rotation = page.rotation % 360
    if rotation == 90:
        return (0.0, 1.0, -1.0, 0.0, x1, y0)
    if rotation == 180:
        return (-1.0, 0.0, 0.0, -1.0, x1, y1)
    if rotation == 270:
        return (0.0, -1.0, 1.0, 0.0, x0, y1)
    return (1.0, 0.0, 0.0, 1.0, x0, y0)


def field_rect(page, pos_x, pos_y, width, height):
    """Reader-space rectangle ``(x, y, w, h)`` of a field, in points."""
    w = width * page.width
    h = height * page.height
    return pos_x * page.width, page.height - pos_y * page.height - h, w, h
