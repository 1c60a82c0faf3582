"""The python side of the Open WebUI traffic bench: python-socketio (AsyncServer, ASGI) under uvicorn, the stack
Open WebUI runs today, doing the same rooms, auth check and relays as Switchboard.Server for this bench's traffic.

    /usr/bin/python3 pyserver.py --port PORT --setup setup.json [--word-delay-ms 5] [--plain]

uvicorn runs as Open WebUI's image runs it (uvicorn[standard]): uvloop, httptools and websockets (Debian's
python3-uvloop, python3-httptools, python3-websockets); --plain: asyncio, h11 and wsproto (no extra packages).

setup.json (written by load.mjs after it set up Switchboard): {secret, users: [{id, name, role}],
channels: [{id, member_ids}]}. Like Open WebUI's socket/main.py: the token (HS256 with the shared secret) is
verified on connect and on every user-join and heartbeat; a valid one enters user:{id}, user-join also enters the
user's channel rooms; events:channel typing goes to channel:{id} (sender included) with the server's identity of
the sender; POST /api/chat/completions with session_id, chat_id and id streams the last user message back word by
word as `events` chat:completion carrying the whole content so far (Switchboard's compatible form), then done.
Notes as Open WebUI's socket/main.py with its local YdocManager: ydoc:document:join (read access: the note's
owner or a listed user, from setup.json's notes) enters doc_{document_id} and answers ydoc:document:state with the
stored state and the room's sids; ydoc:document:update (room member with write access) appends the update to the
document's in-memory list, relays it to the room except the sender with socket_id, and when it carries `data`
cancels the document's pending save and schedules a new one 0.5 s later (the save only keeps data in memory);
ydoc:awareness:update is relayed to the room except the sender; ydoc:document:leave and disconnect drop the sid.
GET /perf/info answers {impl, pid}. Nothing is stored: Open WebUI would also write last_active_at, the message
and the note.
"""

import argparse
import asyncio
import json
import os
import re

import jwt
import socketio
import uvicorn

parser = argparse.ArgumentParser()
parser.add_argument("--host", default="127.0.0.1")
parser.add_argument("--port", type=int, required=True)
parser.add_argument("--setup", required=True)
parser.add_argument("--word-delay-ms", type=float, default=5.0)
parser.add_argument("--plain", action="store_true", help="asyncio, h11 and wsproto instead of uvloop, httptools, websockets")
args = parser.parse_args()

with open(args.setup, encoding="utf-8") as f:
    setup = json.load(f)
SECRET = setup["secret"]
USERS = {u["id"]: u for u in setup["users"]}
NOTE_USERS = {note["id"]: set(note["user_ids"]) | {setup.get("admin_id")} for note in setup.get("notes", [])}
USER_CHANNELS = {}
for channel in setup["channels"]:
    for member in channel["member_ids"]:
        USER_CHANNELS.setdefault(member, []).append(channel["id"])
WORD = re.compile(r"\s*\S+\s*")

sio = socketio.AsyncServer(async_mode="asgi", cors_allowed_origins="*", ping_interval=25, ping_timeout=20)
SESSIONS = {}  # sid -> user dict, as Open WebUI's SESSION_POOL


def verify(token):
    """The user of a valid token, else None (Open WebUI: decode_token, then Users.get_user_by_id)."""
    if not isinstance(token, str):
        return None
    try:
        claims = jwt.decode(token, SECRET, algorithms=["HS256"])
    except jwt.PyJWTError:
        return None
    return USERS.get(claims.get("id"))


DOC_UPDATES = {}  # document_id -> [update as int list], YdocManager's in-memory updates
DOC_USERS = {}  # document_id -> {sid}
SAVE_TASKS = {}  # document_id -> the pending debounced save
NOTE_DATA = {}  # note id -> the last saved data


@sio.event
async def disconnect(sid):
    if SESSIONS.pop(sid, None) is not None:
        for document_id in [d for d, users in DOC_USERS.items() if sid in users]:
            leave_document(sid, document_id)


@sio.event
async def connect(sid, environ, auth):
    token = (auth or {}).get("token")
    user = verify(token)
    if user is not None:
        SESSIONS[sid] = (user, token)
        sio.enter_room(sid, f"user:{user['id']}")


@sio.on("user-join")
async def user_join(sid, data):
    token = ((data or {}).get("auth") or {}).get("token")
    user = verify(token)
    if user is None:
        return None
    SESSIONS[sid] = (user, token)
    sio.enter_room(sid, f"user:{user['id']}")
    for channel_id in USER_CHANNELS.get(user["id"], []):
        sio.enter_room(sid, f"channel:{channel_id}")
    return {"id": user["id"], "name": user["name"]}


@sio.on("heartbeat")
async def heartbeat(sid, data):
    session = SESSIONS.get(sid)
    if session is not None and verify(session[1]) is None:
        # Open WebUI re-reads the user here (and writes last_active_at); Switchboard re-checks the token, so does this.
        await sio.disconnect(sid)


@sio.on("events:channel")
async def channel_events(sid, data):
    user = SESSIONS.get(sid, (None,))[0]
    if user is None or not isinstance(data, dict):
        return {"error": "not signed in"}
    channel_id = data.get("channel_id")
    room = f"channel:{channel_id}"
    if room not in sio.rooms(sid):
        return {"error": "the socket is not in that channel"}
    event = data.get("data") or {}
    if event.get("type") == "typing":
        await sio.emit(
            "events:channel",
            {
                "channel_id": channel_id,
                "message_id": data.get("message_id"),
                "data": event,
                "user": {"id": user["id"], "name": user["name"], "role": user["role"]},
            },
            room=room,
        )
    return None


def note_access(sid, document_id):
    """The session's user when it may read and write the note (owner or listed), else None."""
    user = SESSIONS.get(sid, (None,))[0]
    if user is None or not isinstance(document_id, str) or not document_id.startswith("note:"):
        return None
    return user if user["id"] in NOTE_USERS.get(document_id.split(":", 1)[1], ()) else None


def document_state(document_id):
    """The stored updates as one Yjs update. Open WebUI rebuilds a pycrdt Doc from them; pycrdt is not packaged
    by Debian, so only an empty document ([0, 0]) or a single update is answered (the bench joins before typing)."""
    updates = DOC_UPDATES.get(document_id, [])
    if len(updates) > 1:
        raise NotImplementedError("merging Yjs updates needs pycrdt")
    return updates[0] if updates else [0, 0]


def leave_document(sid, document_id):
    users = DOC_USERS.get(document_id)
    if users is not None:
        users.discard(sid)
        if not users:
            DOC_USERS.pop(document_id, None)
            DOC_UPDATES.pop(document_id, None)
    sio.leave_room(sid, f"doc_{document_id}")


@sio.on("ydoc:document:join")
async def ydoc_join(sid, data):
    document_id = (data or {}).get("document_id")
    user = note_access(sid, document_id)
    if user is None:
        return
    room = f"doc_{document_id}"
    DOC_USERS.setdefault(document_id, set()).add(sid)
    sio.enter_room(sid, room)
    sessions = [s for s, _ in sio.manager.get_participants("/", room)]
    try:
        state = document_state(document_id)
    except NotImplementedError:
        await sio.emit("error", {"message": "Failed to join document"}, to=sid)
        return
    await sio.emit("ydoc:document:state", {"document_id": document_id, "state": state, "sessions": sessions}, to=sid)
    await sio.emit(
        "ydoc:user:joined",
        {
            "document_id": document_id,
            "user_id": data.get("user_id", sid),
            "user_name": data.get("user_name", "Anonymous"),
            "user_color": data.get("user_color", "#000000"),
        },
        room=room,
        skip_sid=sid,
    )


@sio.on("ydoc:document:state")
async def ydoc_state(sid, data):
    document_id = (data or {}).get("document_id")
    room = f"doc_{document_id}"
    if room in sio.rooms(sid) and DOC_UPDATES.get(document_id):
        sessions = [s for s, _ in sio.manager.get_participants("/", room)]
        state = document_state(document_id)
        await sio.emit("ydoc:document:state", {"document_id": document_id, "state": state, "sessions": sessions}, to=sid)


async def save_note(document_id, data):
    await asyncio.sleep(0.5)
    NOTE_DATA[document_id.split(":", 1)[1]] = data


@sio.on("ydoc:document:update")
async def ydoc_update(sid, data):
    document_id = (data or {}).get("document_id")
    room = f"doc_{document_id}"
    if note_access(sid, document_id) is None or room not in sio.rooms(sid):
        return
    update = data.get("update")
    DOC_UPDATES.setdefault(document_id, []).append(update)
    await sio.emit(
        "ydoc:document:update",
        {"document_id": document_id, "user_id": data.get("user_id", sid), "update": update, "socket_id": sid},
        room=room,
        skip_sid=sid,
    )
    if data.get("data"):
        pending = SAVE_TASKS.pop(document_id, None)
        if pending is not None:
            pending.cancel()
        SAVE_TASKS[document_id] = asyncio.get_running_loop().create_task(save_note(document_id, data["data"]))


@sio.on("ydoc:awareness:update")
async def ydoc_awareness(sid, data):
    document_id = (data or {}).get("document_id")
    room = f"doc_{document_id}"
    if SESSIONS.get(sid) is None or room not in sio.rooms(sid):
        return
    await sio.emit(
        "ydoc:awareness:update",
        {"document_id": document_id, "user_id": data.get("user_id", sid), "update": data.get("update")},
        room=room,
        skip_sid=sid,
    )


@sio.on("ydoc:document:leave")
async def ydoc_leave(sid, data):
    document_id = (data or {}).get("document_id")
    user = SESSIONS.get(sid, (None,))[0]
    if user is None or not isinstance(document_id, str):
        return
    leave_document(sid, document_id)
    await sio.emit("ydoc:user:left", {"document_id": document_id, "user_id": user["id"]}, room=f"doc_{document_id}")


async def stream(user_id, chat_id, message_id, text):
    room = f"user:{user_id}"
    emit = lambda data: sio.emit("events", {"chat_id": chat_id, "message_id": message_id, "data": data}, room=room)
    await emit({"type": "chat:active", "data": {"active": True}})
    content = ""
    for word in WORD.findall(text):
        if args.word_delay_ms > 0:
            await asyncio.sleep(args.word_delay_ms / 1000)
        content += word
        await emit({"type": "chat:completion", "data": {"content": content}})
    words = len(WORD.findall(text))
    usage = {"prompt_tokens": words, "completion_tokens": words, "total_tokens": 2 * words}
    await emit({"type": "chat:completion", "data": {"usage": usage}})
    await emit({"type": "chat:completion", "data": {"done": True, "content": content, "title": ""}})
    await emit({"type": "chat:active", "data": {"active": False}})


TASKS = set()


async def read_body(receive):
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if not message.get("more_body"):
            return body


async def respond(send, status, obj):
    payload = json.dumps(obj).encode()
    await send({"type": "http.response.start", "status": status, "headers": [(b"content-type", b"application/json")]})
    await send({"type": "http.response.body", "body": payload})


async def http_app(scope, receive, send):
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return
    if scope["type"] != "http":
        return
    path = scope["path"]
    if path == "/perf/info":
        await respond(send, 200, {"impl": "python-socketio", "pid": os.getpid()})
        return
    if path == "/healthz":
        await respond(send, 200, {"status": True})
        return
    if path == "/api/chat/completions" and scope["method"] == "POST":
        headers = dict(scope["headers"])
        bearer = headers.get(b"authorization", b"").decode()
        user = verify(bearer[7:] if bearer.startswith("Bearer ") else None)
        if user is None:
            await respond(send, 401, {"detail": "Not authenticated"})
            return
        try:
            form = json.loads(await read_body(receive))
            text = next(m["content"] for m in reversed(form["messages"]) if m.get("role") == "user")
            chat_id, message_id = form["chat_id"], form["id"]
        except (ValueError, KeyError, TypeError, StopIteration):
            await respond(send, 400, {"detail": "bad body"})
            return
        task = asyncio.get_running_loop().create_task(stream(user["id"], chat_id, message_id, text))
        TASKS.add(task)
        task.add_done_callback(TASKS.discard)
        await respond(send, 200, {"status": True, "task_id": str(id(task))})
        return
    await respond(send, 404, {"detail": "Not Found"})


app = socketio.ASGIApp(sio, other_asgi_app=http_app, socketio_path="ws/socket.io")

if __name__ == "__main__":
    if args.plain:
        stack = {"loop": "asyncio", "http": "h11", "ws": "wsproto"}
    else:
        stack = {"loop": "uvloop", "http": "httptools", "ws": "websockets"}
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", lifespan="off", **stack)
