"""The public API as an OpenAPI 3.1 document, served at /api/openapi.json.

Written by hand next to the contract (`docs/api.md`); a test checks that every /api/ route
is documented here and every documented path is routed.
"""

from django.http import HttpRequest

from taipei_trip.api import ApiView
from taipei_trip.forms import PHONE_PATTERN
from taipei_trip.paging import MAX_PAGE


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def json_body(schema: dict, description: str = "OK") -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": schema}},
    }


ERROR = json_body(ref("Error"), "Error body")
RETRY_AFTER = {
    "Retry-After": {
        "description": "seconds to wait before trying again",
        "schema": {"type": "integer", "minimum": 1},
    }
}
# Too many attempts (accounts/throttling.py): the error body and when to try again.
THROTTLED = {**ERROR, "description": "Too many attempts", "headers": RETRY_AFTER}
# The database or the cache is unreachable (taipei_trip/outage.py): on every path.
UNAVAILABLE = {
    **ERROR,
    "description": "Temporarily unavailable (database or cache outage)",
    "headers": RETRY_AFTER,
}
OK = json_body(ref("Ok"))
BEARER = [{"bearer": []}]


def operation(
    summary: str, ok: dict, *, errors=(400, 500), auth=False, **extra
) -> dict:
    responses = {"200": ok} | {
        str(code): THROTTLED if code == 429 else ERROR for code in errors
    }
    if auth:
        responses["403"] = ERROR
    responses["503"] = UNAVAILABLE
    result = {"summary": summary, "responses": responses, **extra}
    if auth:
        result["security"] = BEARER
    return result


def query(name: str, schema: dict, required=False, description="") -> dict:
    return {
        "name": name,
        "in": "query",
        "required": required,
        "schema": schema,
        "description": description,
    }


def path_param(name: str, schema: dict) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": schema}


def request(schema: dict, media="application/json") -> dict:
    # A JSON body sent as anything but application/json is a 400 (taipei_trip/api.py).
    return {"required": True, "content": {media: {"schema": schema}}}


def obj(properties: dict, required=None) -> dict:
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties) if required is None else required,
    }


STRING, INTEGER, NUMBER = {"type": "string"}, {"type": "integer"}, {"type": "number"}
NULLABLE_STRING = {"type": ["string", "null"]}
# The catalogue's answers in English or Japanese (taipei_trip/i18n.py validates it on
# every /api/ path: anything else is a 400). Without it, the 繁體中文 answers as ever.
LANG = {
    "name": "lang",
    "in": "query",
    "required": False,
    "schema": {"type": "string", "enum": ["zh-Hant", "en", "ja"], "default": "zh-Hant"},
    "description": "the answer's language; the catalogue's texts in English or "
    "Japanese fall back to 繁體中文 where no translation exists, and then name the "
    "fields so shown in `untranslated` (present only with lang=en or ja)",
}
# The cart and order answers: their places' names and addresses in that language.
PLACE_LANG = {
    **LANG,
    "description": "the answer's language; each trip's place name and address in "
    "English or Japanese, or in 繁體中文 (an order's: as it was ordered) where no "
    "translation exists, then named in the attraction's `untranslated` (present only "
    "with lang=en or ja); also the language of the messages",
}
# Present in English and Japanese answers only: the fields shown in 繁體中文.
UNTRANSLATED_FIELDS = {
    "type": "array",
    "items": STRING,
    "description": "only with lang=en or ja: the fields shown in 繁體中文 for want "
    "of a translation (pages mark them lang=zh-Hant)",
}
# Every e-mail the API takes is required: missing, empty or blank is a 400.
EMAIL = {"type": "string", "format": "email", "minLength": 1, "maxLength": 254}
DATE = {"type": "string", "format": "date"}
SLOT = {"type": "string", "enum": ["morning", "afternoon"]}
STATE = {"type": "string", "enum": ["pending", "paid", "failed", "refunded"]}
TRIP_STATE = {
    "type": "string",
    "enum": ["pending", "paid", "failed", "refunded", "cancelled"],
    "description": "the order's state while the trip is on; once cancelled, "
    "refunded (its refund went through) or cancelled (refund pending or refused)",
}
DATE_TIME = {"type": "string", "format": "date-time"}
PARTICIPANTS = {
    "type": "integer",
    "minimum": 1,
    "maximum": 10,
    "default": 1,
    "description": "party size (1 to TRIP_MAX_PARTICIPANTS); absent means 1",
}
# Added to every trip the cart and orders answer (this site's extension).
TRIP_TIMES = {
    "participants": PARTICIPANTS,
    "unitPrice": {"type": "integer", "description": "price per person"},
    "startTime": {"type": "string", "description": "HH:MM in Taipei"},
    "endTime": {"type": "string", "description": "HH:MM in Taipei"},
    "bookingCutoff": {**DATE_TIME, "description": "last moment to book or pay"},
    "cancellableUntil": {
        **DATE_TIME,
        "description": "free-cancellation deadline (full refund before it)",
    },
}
SLOT_SEATS = obj(
    {
        "remaining": {"type": "integer", "minimum": 0},
        "open": {
            "type": "boolean",
            "description": "bookable now: not closed by staff, before the cut-off, "
            "within the horizon, seats left",
        },
    }
)
ATTEMPT = obj(
    {
        "amount": INTEGER,
        "state": {
            "type": "string",
            "enum": ["pending", "succeeded", "failed", "unknown"],
        },
        "requestedAt": DATE_TIME,
        "answeredAt": {"type": ["string", "null"], "format": "date-time"},
    }
)
PAY_METHODS = ["card", "line_pay", "jko_pay"]

SCHEMAS = {
    "Error": obj({"error": {"const": True}, "message": STRING}),
    "Ok": obj({"ok": {"const": True}}),
    "Attraction": obj(
        {
            "id": INTEGER,
            "name": STRING,
            "category": STRING,
            "description": STRING,
            "address": STRING,
            "transport": STRING,
            "mrt": NULLABLE_STRING,
            "lat": NUMBER,
            "lng": NUMBER,
            "images": {"type": "array", "items": STRING},
            "untranslated": UNTRANSLATED_FIELDS,
        },
        required=[
            "id",
            "name",
            "category",
            "description",
            "address",
            "transport",
            "mrt",
            "lat",
            "lng",
            "images",
        ],
    ),
    "NearbyAttraction": obj(
        {
            "id": INTEGER,
            "name": STRING,
            "category": STRING,
            "mrt": NULLABLE_STRING,
            "lat": NUMBER,
            "lng": NUMBER,
            "image": NULLABLE_STRING,
            "distance": {
                "type": "integer",
                "minimum": 0,
                "description": "great-circle distance in metres",
            },
            "walkingMinutes": {
                "type": "integer",
                "minimum": 1,
                "description": "the distance at 4.5 km/h, rounded up",
            },
            "untranslated": UNTRANSLATED_FIELDS,
        },
        required=[
            "id",
            "name",
            "category",
            "mrt",
            "lat",
            "lng",
            "image",
            "distance",
            "walkingMinutes",
        ],
    ),
    "TripAttraction": obj(
        {
            "id": INTEGER,
            "name": STRING,
            "address": STRING,
            "image": NULLABLE_STRING,
            "untranslated": UNTRANSLATED_FIELDS,
        },
        required=["id", "name", "address", "image"],
    ),
    "BookingItem": obj(
        {
            "id": INTEGER,
            "attraction": ref("TripAttraction"),
            "date": DATE,
            "time": SLOT,
            "price": {"type": "integer", "description": "per person × participants"},
            "offered": {
                "type": "boolean",
                "description": "false when the place is no longer offered (unpublished); "
                "checkout then refuses the cart until the item is removed",
            },
            "open": {
                "type": "boolean",
                "description": "false past the slot's booking cut-off",
            },
            **TRIP_TIMES,
        }
    ),
    "OrderTrip": obj(
        {
            "id": INTEGER,
            "attraction": ref("TripAttraction"),
            "date": DATE,
            "time": SLOT,
            "price": INTEGER,
            **TRIP_TIMES,
            "state": TRIP_STATE,
            "cancellable": {
                "type": "boolean",
                "description": "the member may cancel it now for a full refund",
            },
        }
    ),
    "DayAvailability": obj(
        {"date": DATE, "slots": obj({"morning": SLOT_SEATS, "afternoon": SLOT_SEATS})}
    ),
    "Trip": obj({"attraction": ref("TripAttraction"), "date": DATE, "time": SLOT}),
    "Contact": obj(
        {
            "name": STRING,
            "email": EMAIL,
            "phone": {"type": "string", "pattern": f"^{PHONE_PATTERN}$"},
        }
    ),
    "Member": obj(
        {
            "id": INTEGER,
            "name": STRING,
            "email": STRING,
            "phone": STRING,
            "avatar": NULLABLE_STRING,
            "emailVerified": {"type": "boolean"},
        }
    ),
    "Order": obj(
        {
            "number": STRING,
            "price": INTEGER,
            "trip": ref("OrderTrip"),
            "trips": {"type": "array", "items": ref("OrderTrip")},
            "contact": ref("Contact"),
            "status": {"type": "integer", "description": "0 paid, 1 not paid"},
            "cancellable": {
                "type": "boolean",
                "description": "at least one trip may be cancelled now",
            },
            "cancellationPolicy": STRING,
            "payments": {
                "type": "array",
                "items": {
                    "allOf": [
                        ATTEMPT,
                        obj({"method": {"type": "string", "enum": PAY_METHODS}}),
                    ]
                },
            },
            "refunds": {"type": "array", "items": ATTEMPT},
            "state": STATE,
            "payable": {
                "type": "boolean",
                "description": "unpaid, not replaced by a newer order, no past trip",
            },
            "createdAt": {"type": "string", "format": "date-time"},
            "paymentMethod": {
                "type": ["string", "null"],
                "enum": [*PAY_METHODS, None],
                "description": "how it was paid, else how it was last tried",
            },
        }
    ),
    "PaymentResult": obj(
        {
            "number": STRING,
            "payment": obj(
                {
                    "status": INTEGER,
                    "message": STRING,
                    "redirectUrl": {
                        "type": "string",
                        "format": "uri",
                        "description": (
                            "present when the buyer must finish at TapPay (3-D Secure "
                            "challenge, LINE Pay, JKO Pay): send the browser there; "
                            "the order stays pending until TapPay reports the outcome"
                        ),
                    },
                },
                required=["status", "message"],
            ),
        }
    ),
}

PAY_METHOD = {
    "type": "string",
    "enum": PAY_METHODS,
    "default": "card",
    "description": "what the prime came from: the card fields, LINE Pay or JKO Pay",
}
PAGE_SCHEMA = {"type": "integer", "minimum": 0, "maximum": MAX_PAGE}
PAGE = query("page", PAGE_SCHEMA, True, "12 items a page")
OPTIONAL_PAGE = query("page", {**PAGE_SCHEMA, "default": 0}, False, "12 a page")
ORDER_NUMBER = path_param("orderNumber", STRING)
PAYMENT_ANSWER = json_body(obj({"data": ref("PaymentResult")}))
CHECKOUT = obj(
    {
        "prime": STRING,
        "payMethod": PAY_METHOD,
        "order": {
            "oneOf": [
                obj(
                    {
                        "price": INTEGER,
                        "trip": ref("Trip"),
                        "contact": ref("Contact"),
                    }
                ),
                obj(
                    {
                        "price": INTEGER,
                        "bookingIds": {"type": "array", "items": INTEGER},
                        "contact": ref("Contact"),
                    }
                ),
            ]
        },
    },
    required=["prime", "order"],
)


def paged(item: str) -> dict:
    return json_body(
        obj(
            {
                "nextPage": {"type": ["integer", "null"]},
                "data": {"type": "array", "items": ref(item)},
            }
        )
    )


def data_of(schema: dict) -> dict:
    return json_body(obj({"data": schema}))


# Station or category names; `untranslated` names those shown in 繁體中文 (lang=en, ja).
NAMES = json_body(
    obj(
        {
            "data": {"type": "array", "items": STRING},
            "untranslated": {
                **UNTRANSLATED_FIELDS,
                "description": "only with lang=en or ja: the names of `data` shown in "
                "繁體中文 for want of a translation",
            },
        },
        required=["data"],
    )
)

PATHS = {
    "/api/attractions": {
        "get": operation(
            "One page of attractions; keyword = exact MRT station or part of the name",
            paged("Attraction"),
            parameters=[
                PAGE,
                query(
                    "keyword",
                    STRING,
                    description="an exact station name or any part of a name, in "
                    "繁體中文 (literal) or, with lang=en or ja, also in that language "
                    "(Latin letters in any case, 台 and 臺 alike)",
                ),
                query(
                    "category",
                    STRING,
                    description="exact category name (with lang=en or ja, in that "
                    "language or in 繁體中文)",
                ),
                LANG,
            ],
        )
    },
    "/api/attraction/{attractionId}": {
        "get": operation(
            "One attraction",
            data_of(ref("Attraction")),
            parameters=[path_param("attractionId", INTEGER), LANG],
        )
    },
    "/api/attraction/{attractionId}/nearby": {
        "get": operation(
            "The 4 closest other published attractions, nearest first",
            data_of({"type": "array", "items": ref("NearbyAttraction")}),
            parameters=[path_param("attractionId", INTEGER), LANG],
        )
    },
    "/api/attraction/{attractionId}/availability": {
        "get": operation(
            "Seats left and open slots per day (served from the shared cache, "
            "retired on every seat change)",
            data_of({"type": "array", "items": ref("DayAvailability")}),
            parameters=[
                path_param("attractionId", INTEGER),
                query("from", DATE, description="first day (default today, Taipei)"),
                query(
                    "days",
                    {"type": "integer", "minimum": 1, "maximum": 62, "default": 31},
                ),
            ],
        )
    },
    "/api/mrts": {
        "get": operation(
            "Station names, most attractions first (Taipei Metro's names in English "
            "and Japanese)",
            NAMES,
            errors=(400, 500),
            parameters=[LANG],
        )
    },
    "/api/categories": {
        "get": operation(
            "Category names, most attractions first",
            NAMES,
            errors=(400, 500),
            parameters=[LANG],
        )
    },
    "/api/user": {
        "post": operation(
            "Sign up; 400 for an address already registered, 429 after too many "
            "attempts from this client or for this address",
            OK,
            errors=(400, 429, 500),
            requestBody=request(
                obj({"name": STRING, "email": EMAIL, "password": STRING})
            ),
        ),
        "patch": operation(
            "Update name and phone",
            OK,
            auth=True,
            requestBody=request(obj({"name": STRING, "phone": STRING}, required=[])),
        ),
        "delete": operation(
            "Delete the account (current password): signed out everywhere, personal "
            "data erased, orders kept with anonymised contact data",
            OK,
            auth=True,
            errors=(400, 429, 500),
            requestBody=request(obj({"password": STRING})),
        ),
    },
    "/api/user/password-reset": {
        "post": operation(
            "Mail a password reset link; the same answer whether the address exists "
            "(and, past a few mails an hour for one address, no further mail); "
            "429 when asked too often from this client",
            OK,
            errors=(400, 429, 500),
            requestBody=request(obj({"email": EMAIL})),
        )
    },
    "/api/user/password-reset/confirm": {
        "post": operation(
            "Set a new password from a reset link (single use, 1 hour); every earlier "
            "token is revoked and a new one returned",
            json_body(obj({"ok": {"const": True}, "token": STRING})),
            requestBody=request(
                obj({"uid": STRING, "token": STRING, "password": STRING})
            ),
        )
    },
    "/api/user/verification": {
        "post": operation(
            "Mail another address verification link (a few an hour)",
            OK,
            auth=True,
            errors=(403, 429, 500),
        )
    },
    "/api/user/export": {
        "get": operation(
            "Download my data: profile, cart and orders as a JSON file",
            json_body(
                obj(
                    {
                        "exportedAt": STRING,
                        "profile": {"type": "object"},
                        "bookings": {"type": "array", "items": {"type": "object"}},
                        "orders": {"type": "array", "items": {"type": "object"}},
                    }
                )
            ),
            auth=True,
        )
    },
    "/api/user/auth": {
        "get": operation(
            "The signed-in member, or null",
            data_of({"oneOf": [ref("Member"), {"type": "null"}]}),
            errors=(500,),
        ),
        "put": operation(
            "Sign in (a 7-day token); 429 after too many attempts from this client "
            "or for this e-mail from this client, or while this e-mail's delay runs",
            json_body(obj({"token": STRING})),
            errors=(400, 429, 500),
            requestBody=request(obj({"email": EMAIL, "password": STRING})),
        ),
        "delete": operation("Sign out (revokes the token)", OK, errors=(500,)),
    },
    "/api/user/password": {
        "put": operation(
            "Change the password; earlier tokens are revoked, a new one is returned",
            json_body(obj({"ok": {"const": True}, "token": STRING})),
            auth=True,
            errors=(400, 429, 500),
            requestBody=request(
                obj({"currentPassword": STRING, "newPassword": STRING})
            ),
        )
    },
    "/api/user/avatar": {
        "post": operation(
            "Upload or replace the avatar (JPEG, PNG or WebP)",
            data_of(obj({"avatar": STRING})),
            auth=True,
            requestBody=request(
                obj({"avatar": {"type": "string", "format": "binary"}}),
                media="multipart/form-data",
            ),
        ),
        "delete": operation("Remove the avatar", OK, auth=True),
    },
    "/api/booking": {
        "get": operation(
            "The cart",
            data_of({"type": "array", "items": ref("BookingItem")}),
            auth=True,
            parameters=[PLACE_LANG],
        ),
        "post": operation(
            "Add a trip to the cart",
            OK,
            auth=True,
            requestBody=request(
                obj(
                    {
                        "attractionId": INTEGER,
                        "date": DATE,
                        "time": SLOT,
                        "price": INTEGER,
                        "participants": PARTICIPANTS,
                    },
                    required=["attractionId", "date", "time", "price"],
                )
            ),
        ),
        "delete": operation("Empty the cart", OK, auth=True),
    },
    "/api/booking/{bookingId}": {
        "delete": operation(
            "Remove one cart item",
            OK,
            auth=True,
            parameters=[path_param("bookingId", INTEGER)],
        )
    },
    "/api/orders": {
        "get": operation(
            "The member's orders, newest first",
            paged("Order"),
            auth=True,
            parameters=[OPTIONAL_PAGE, PLACE_LANG],
        ),
        "post": operation(
            "Create an order and pay it with a TapPay prime",
            PAYMENT_ANSWER,
            auth=True,
            requestBody=request(CHECKOUT),
        ),
    },
    "/api/order/{orderNumber}": {
        "get": operation(
            "One of the member's orders, or null",
            data_of({"oneOf": [ref("Order"), {"type": "null"}]}),
            auth=True,
            parameters=[ORDER_NUMBER, PLACE_LANG],
        )
    },
    "/api/order/{orderNumber}/pay": {
        "post": operation(
            "Pay a pending or failed order again with a new prime",
            PAYMENT_ANSWER,
            auth=True,
            parameters=[ORDER_NUMBER],
            requestBody=request(
                obj({"prime": STRING, "payMethod": PAY_METHOD}, required=["prime"])
            ),
        )
    },
    "/api/order/{orderNumber}/cancel": {
        "post": operation(
            "Cancel some trips (or all) of a paid order before their free-cancellation "
            "deadline: seats released, their price refunded; answers the updated order. "
            "404 for an unknown order or another member's",
            data_of(ref("Order")),
            errors=(400, 404, 500),
            auth=True,
            parameters=[ORDER_NUMBER, PLACE_LANG],
            requestBody=request(
                obj(
                    {
                        "items": {
                            "type": "array",
                            "items": INTEGER,
                            "minItems": 1,
                            "description": "trip ids (trips[].id); absent: all",
                        }
                    },
                    required=[],
                )
            ),
        )
    },
    "/api/tappay/notify": {
        "post": operation(
            "TapPay's backend notify (no token): a hint, checked with the Record API; "
            "4xx for an unknown or contradicting transaction, 503 when TapPay's "
            "Record API cannot be asked",
            OK,
            errors=(400, 503),
            requestBody=request(
                obj(
                    {
                        "rec_trade_id": STRING,
                        "bank_transaction_id": STRING,
                        "order_number": STRING,
                        "amount": INTEGER,
                    },
                    required=["rec_trade_id"],
                )
            ),
        )
    },
}

DOCUMENT = {
    "openapi": "3.1.0",
    "info": {
        "title": "Taipei Day Trip API",
        "version": "1.1.0+cart",
        "description": (
            "The Taipei Day Trip 1.1.0 contract plus this site's extensions. JSON "
            "bodies must be sent as application/json (anything else is a 400). A "
            "method a path does not list answers 405 with an Allow header naming the "
            "ones it does (components.responses.MethodNotAllowed)."
        ),
    },
    "paths": PATHS,
    "components": {
        "schemas": SCHEMAS,
        "responses": {
            "MethodNotAllowed": {
                **ERROR,
                "description": "Method not allowed on this path",
                "headers": {
                    "Allow": {
                        "description": "the methods this path answers",
                        "schema": {"type": "string"},
                    }
                },
            }
        },
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
    },
}


class OpenApiDocument(ApiView):
    def get(self, request: HttpRequest):
        return DOCUMENT
