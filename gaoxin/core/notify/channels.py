"""The channel adapters by name. An adapter is a module with is_configured() and send(delivery)."""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

from gaoxin.core.enums import NotifyChannel

EXTERNAL_CHANNELS = {
    NotifyChannel.SMS: "gaoxin.core.notify.sms",
    NotifyChannel.WECOM: "gaoxin.core.notify.wecom",
    NotifyChannel.DINGTALK: "gaoxin.core.notify.dingtalk",
    NotifyChannel.EMAIL: "gaoxin.core.notify.email",
    NotifyChannel.WEBHOOK: "gaoxin.core.notify.webhook",
}


def adapter(channel: str) -> ModuleType:
    return import_module(EXTERNAL_CHANNELS[NotifyChannel(channel)])


def configured_channels() -> list[str]:
    return [str(c) for c in EXTERNAL_CHANNELS if adapter(c).is_configured()]
