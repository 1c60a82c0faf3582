# Makes what Open WebUI itself would make for a user: the bcrypt password hash (Python's bcrypt, as Open WebUI's
# passlib/bcrypt does: $2b$, 12 rounds) and a session token signed with the deployment's secret (PyJWT, HS256,
# claims id/exp/jti/iat as Open WebUI's create_token). Reads {"secret","user_id","password"} on stdin, prints JSON.
import json, sys, time, uuid

import bcrypt
import jwt

args = json.load(sys.stdin)
now = int(time.time())
token = jwt.encode({"id": args["user_id"], "exp": now + 3600, "jti": str(uuid.uuid4()), "iat": now}, args["secret"], algorithm="HS256")
hashed = bcrypt.hashpw(args["password"].encode("utf-8"), bcrypt.gensalt(12)).decode("ascii")
print(json.dumps({"token": token, "hash": hashed, "made_by": f"python bcrypt {bcrypt.__version__}, PyJWT {jwt.__version__}"}))
