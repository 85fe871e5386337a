"""Asks an X11 window to close the way a window manager's close button does: a WM_DELETE_WINDOW
client message. Under Xvfb there is no window manager, so the smoke test sends it itself; the app
then goes through its normal close path (save window state, close the database) and exits."""
import ctypes
import ctypes.util


class XClientMessageEvent(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("serial", ctypes.c_ulong),
        ("send_event", ctypes.c_int),
        ("display", ctypes.c_void_p),
        ("window", ctypes.c_ulong),
        ("message_type", ctypes.c_ulong),
        ("format", ctypes.c_int),
        ("data", ctypes.c_long * 5),
    ]


class XEvent(ctypes.Union):
    _fields_ = [("xclient", XClientMessageEvent), ("pad", ctypes.c_long * 24)]


CLIENT_MESSAGE = 33
CURRENT_TIME = 0


def _lib():
    x = ctypes.cdll.LoadLibrary(ctypes.util.find_library("X11") or "libX11.so.6")
    x.XOpenDisplay.restype = ctypes.c_void_p
    x.XOpenDisplay.argtypes = [ctypes.c_char_p]
    x.XDefaultRootWindow.restype = ctypes.c_ulong
    x.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
    x.XInternAtom.restype = ctypes.c_ulong
    x.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
    x.XQueryTree.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.POINTER(ctypes.c_ulong),
                             ctypes.POINTER(ctypes.c_ulong),
                             ctypes.POINTER(ctypes.POINTER(ctypes.c_ulong)),
                             ctypes.POINTER(ctypes.c_uint)]
    x.XFetchName.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.POINTER(ctypes.c_char_p)]
    x.XFree.argtypes = [ctypes.c_void_p]
    x.XSendEvent.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_long,
                             ctypes.POINTER(XEvent)]
    x.XFlush.argtypes = [ctypes.c_void_p]
    x.XCloseDisplay.argtypes = [ctypes.c_void_p]
    return x


def _windows(x, dpy, win):
    root, parent = ctypes.c_ulong(), ctypes.c_ulong()
    children, n = ctypes.POINTER(ctypes.c_ulong)(), ctypes.c_uint()
    if not x.XQueryTree(dpy, win, ctypes.byref(root), ctypes.byref(parent),
                        ctypes.byref(children), ctypes.byref(n)):
        return
    kids = [children[i] for i in range(n.value)]
    if children:
        x.XFree(children)
    for kid in kids:
        yield kid
        yield from _windows(x, dpy, kid)


def close_window(display, title):
    """Sends WM_DELETE_WINDOW to every window whose name starts with `title` (the UI adds the
    story count to it); returns how many got it."""
    x = _lib()
    dpy = x.XOpenDisplay(display.encode())
    if not dpy:
        raise RuntimeError(f"cannot open X display {display}")
    try:
        protocols = x.XInternAtom(dpy, b"WM_PROTOCOLS", 0)
        delete = x.XInternAtom(dpy, b"WM_DELETE_WINDOW", 0)
        sent = 0
        for win in _windows(x, dpy, x.XDefaultRootWindow(dpy)):
            name = ctypes.c_char_p()
            if x.XFetchName(dpy, win, ctypes.byref(name)) and name.value is not None:
                matches = name.value.decode(errors="replace").startswith(title)
                x.XFree(name)
                if matches:
                    ev = XEvent()
                    ev.xclient.type = CLIENT_MESSAGE
                    ev.xclient.window = win
                    ev.xclient.message_type = protocols
                    ev.xclient.format = 32
                    ev.xclient.data[0] = delete
                    ev.xclient.data[1] = CURRENT_TIME
                    x.XSendEvent(dpy, win, 0, 0, ctypes.byref(ev))
                    sent += 1
        x.XFlush(dpy)
        return sent
    finally:
        x.XCloseDisplay(dpy)


if __name__ == "__main__":
    import sys

    print(close_window(sys.argv[1], sys.argv[2]))
