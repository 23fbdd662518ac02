#!/usr/bin/python3
"""Helpers that live on a test's private D-Bus session bus, each in its own process.

    busd.py monitor OUT   record every org.freedesktop.Notifications.Notify call (and the
                          reply to it) as one JSON line each in OUT, with the time seen
    busd.py watcher OUT   a minimal org.kde.StatusNotifierWatcher (what a desktop's panel
                          provides); each registered item is one JSON line in OUT

Both print "ready" on stdout once they are listening, and run until killed.
"""

import json
import sys
import time

import dbus
import dbus.lowlevel
import dbus.mainloop.glib
import dbus.service
from gi.repository import GLib


def write(out, record):
    out.write(json.dumps(record, ensure_ascii=False) + "\n")
    out.flush()


def plain(value):
    """dbus-python values as JSON-able Python values."""
    if isinstance(value, (dbus.String, dbus.ObjectPath, dbus.Signature)):
        return str(value)
    if isinstance(value, dbus.Boolean):
        return bool(value)
    if isinstance(value, (dbus.Byte, dbus.Int16, dbus.UInt16, dbus.Int32, dbus.UInt32,
                          dbus.Int64, dbus.UInt64)):
        return int(value)
    if isinstance(value, dbus.Double):
        return float(value)
    if isinstance(value, dbus.Array):
        return [plain(v) for v in value]
    if isinstance(value, dbus.Struct):
        return [plain(v) for v in value]
    if isinstance(value, dbus.Dictionary):
        return {str(k): plain(v) for k, v in value.items()}
    return value


def monitor(path):
    out = open(path, "a", encoding="utf-8")
    bus = dbus.SessionBus()
    pending = {}  # (sender, serial) of a Notify call -> its record

    def on_message(_conn, msg):
        now = time.time()
        kind = msg.get_type()
        if kind == dbus.lowlevel.MESSAGE_TYPE_METHOD_CALL and msg.get_member() == "Notify" \
                and msg.get_interface() == "org.freedesktop.Notifications":
            args = msg.get_args_list()
            (app_name, replaces_id, icon, summary, body, actions, hints, timeout) = args
            record = {
                "event": "notify",
                "t": now,
                "sender": msg.get_sender(),
                "serial": msg.get_serial(),
                "app_name": str(app_name),
                "summary": str(summary),
                "body": str(body),
                "icon": str(icon),
                "urgency": int(hints["urgency"]) if "urgency" in hints else None,
                "hints": {str(k): plain(v) for k, v in hints.items() if k != "image-data"},
                "timeout": int(timeout),
                "replaces_id": int(replaces_id),
            }
            pending[(msg.get_sender(), msg.get_serial())] = record
            write(out, record)
        elif kind in (dbus.lowlevel.MESSAGE_TYPE_METHOD_RETURN, dbus.lowlevel.MESSAGE_TYPE_ERROR):
            key = (msg.get_destination(), msg.get_reply_serial())
            if key in pending:
                call = pending.pop(key)
                write(out, {
                    "event": "reply" if kind == dbus.lowlevel.MESSAGE_TYPE_METHOD_RETURN else "error",
                    "t": now,
                    "serial": call["serial"],
                    "sender": call["sender"],
                    "id": int(msg.get_args_list()[0])
                    if kind == dbus.lowlevel.MESSAGE_TYPE_METHOD_RETURN else None,
                    "error": msg.get_error_name(),
                })
        # A monitor must never answer anything: say every message was handled.
        return dbus.lowlevel.HANDLER_RESULT_HANDLED

    rules = [
        "type='method_call',interface='org.freedesktop.Notifications',member='Notify'",
        "type='method_return'",
        "type='error'",
    ]
    bus.add_message_filter(on_message)
    bus.call_blocking("org.freedesktop.DBus", "/org/freedesktop/DBus",
                      "org.freedesktop.DBus.Monitoring", "BecomeMonitor", "asu", (rules, 0))
    print("ready", flush=True)
    GLib.MainLoop().run()


WATCHER = "org.kde.StatusNotifierWatcher"


class Watcher(dbus.service.Object):
    """Just enough of a StatusNotifierWatcher for libayatana-appindicator to export its item."""

    def __init__(self, bus, out):
        super().__init__(bus, "/StatusNotifierWatcher")
        self.out = out
        self.items = []

    @dbus.service.method(WATCHER, in_signature="s", out_signature="", sender_keyword="sender")
    def RegisterStatusNotifierItem(self, service, sender=None):
        # An item registers either its bus name or (appindicator does) its object path.
        if service.startswith("/"):
            name, path = sender, service
        else:
            name, path = service, "/StatusNotifierItem"
        self.items.append(f"{name}{path}")
        write(self.out, {"event": "item", "t": time.time(), "service": str(service),
                         "sender": str(sender), "name": str(name), "path": str(path)})
        self.StatusNotifierItemRegistered(f"{name}{path}")

    @dbus.service.method(WATCHER, in_signature="s", out_signature="")
    def RegisterStatusNotifierHost(self, service):
        pass

    @dbus.service.signal(WATCHER, signature="s")
    def StatusNotifierItemRegistered(self, service):
        pass

    @dbus.service.signal(WATCHER, signature="")
    def StatusNotifierHostRegistered(self):
        pass

    def props(self):
        return {
            "RegisteredStatusNotifierItems": dbus.Array(self.items, signature="s"),
            "IsStatusNotifierHostRegistered": dbus.Boolean(True),
            "ProtocolVersion": dbus.Int32(0),
        }

    @dbus.service.method(dbus.PROPERTIES_IFACE, in_signature="ss", out_signature="v")
    def Get(self, interface, prop):
        return self.props()[prop]

    @dbus.service.method(dbus.PROPERTIES_IFACE, in_signature="s", out_signature="a{sv}")
    def GetAll(self, interface):
        return self.props()


def watcher(path):
    out = open(path, "a", encoding="utf-8")
    bus = dbus.SessionBus()
    w = Watcher(bus, out)
    name = dbus.service.BusName(WATCHER, bus, do_not_queue=True)
    w.StatusNotifierHostRegistered()
    print("ready", flush=True)
    GLib.MainLoop().run()
    del name


if __name__ == "__main__":
    dbus.mainloop.glib.DBusGMainLoop(set_as_default=True)
    {"monitor": monitor, "watcher": watcher}[sys.argv[1]](sys.argv[2])
