"""The one consumer of the baseline: join the group named in the URL, relay every frame."""

from __future__ import annotations

from typing import Any

from channels.generic.websocket import AsyncWebsocketConsumer


class Relay(AsyncWebsocketConsumer):
    group: str | None = None

    async def connect(self) -> None:
        self.group = f"bench-{self.scope['url_route']['kwargs']['group']}"
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        if self.group is not None:
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        await self.channel_layer.group_send(self.group, {"type": "relay", "text": text_data})

    async def relay(self, message: dict[str, Any]) -> None:
        await self.send(text_data=message["text"])
