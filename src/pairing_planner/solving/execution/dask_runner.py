"""Running part tasks on Dask (``dask.distributed``): beyond one machine, on an existing engine.

The parts of a decomposed solve are independent and carry everything they need (plain data
in and out, as for the process pool), so any Dask cluster can solve them: one named by its
scheduler's address, or, when none is given, a ``LocalCluster`` of ``jobs`` single-threaded
worker processes started for the solve, listening on this machine only, and closed after
it. An optional extra (``pip install 'pairing-planner[dask]'``): the process pool needs
nothing beyond the standard library.

Behaves as the pool does: outcomes come back in the parts' order, one per part; a stop
request (Ctrl-C) leaves the parts not yet finished unsolved (None, so they take their greedy
floor) and cancels them. Parts carry their deadlines as the seconds left when they were
sent, counted again on the worker's own monotonic clock (:class:`pairing_planner.clock.Deadline`),
so the time limit holds on the cluster as in the pool whatever its machines' clocks say; a
part already running when a stop comes ends at its deadline on a remote cluster, while a
local cluster is closed at once, its workers with it.
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING, Any

from pairing_planner.errors import InputError, Problem
from pairing_planner.i18n import N_, _
from pairing_planner.result.solver_progress import PartHook
from pairing_planner.solving.execution.process_pool import H, P, R, collect, no_main_module

if TYPE_CHECKING:
    from distributed import Client, Future, LocalCluster

LOOPBACK = "127.0.0.1"
"""Where a local cluster listens: this machine only. Its scheduler, nannies and workers take
commands (run this function) from whoever reaches them, and Dask binds the scheduler's HTTP
server to every interface when its address names only a port."""

QUIET_SCHEDULER = {"dashboard": False, "dashboard_address": f"{LOOPBACK}:0"}
"""No dashboard, and the scheduler's HTTP server on a free port of this machine only: by
default it takes 8787 (a second cluster on the machine, a bureau's own, would warn), and
``:0`` alone bound it to 0.0.0.0, reachable from the bureau's network."""


class DaskRunner:
    """Runs one solve's part tasks on a Dask cluster; a context manager that closes the client
    (and a cluster it started) whatever happens inside."""

    def __init__(self, jobs: int, address: str | None = None) -> None:
        self.jobs = jobs
        """Workers: of the local cluster to start, else (once entered) the remote one's."""
        self.address = address
        self._client: Client | None = None
        self._cluster: LocalCluster | None = None

    def __enter__(self) -> DaskRunner:
        try:
            from distributed import Client, LocalCluster
        except ImportError as missing:
            message = _("--executor dask needs Dask: pip install 'pairing-planner[dask]' ({error})")
            raise InputError([Problem(message.format(error=missing))]) from None
        if self.address is None:
            with no_main_module():
                self._cluster = LocalCluster(
                    n_workers=self.jobs,
                    threads_per_worker=1,
                    processes=True,
                    host=LOOPBACK,
                    dashboard_address=None,
                    worker_dashboard_address=None,
                    scheduler_kwargs=QUIET_SCHEDULER,
                )
            self._client = Client(self._cluster)
        else:
            self._client = _connect(Client, self.address)
            self.jobs = max(1, len(self._client.scheduler_info()["workers"]))
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._client is not None:
            self._client.close()
        if self._cluster is not None:
            self._cluster.close()

    def run(
        self, task: Callable[[P, H], R], parts: list[P], hows: list[H], on_part: PartHook | None
    ) -> list[R | None]:
        """``task`` on every part, each with its own ``hows[i]``, submitted in the order of
        ``parts``; an outcome per part, in that order, None for a part left unsolved because
        a stop was requested."""
        client = self._client
        assert client is not None, "used outside its with block"
        pending: dict[int, Future[Any]] = {
            i: client.submit(task, part, how, pure=False, priority=len(parts) - i)
            for i, (part, how) in enumerate(zip(parts, hows, strict=True))
        }
        outcomes: list[R | None] = collect(
            pending, len(parts), lambda job: job.done(), lambda job: job.result(), on_part
        )
        if pending:
            client.cancel(list(pending.values()))
        return outcomes


CONNECT_SECONDS = 10
"""How long a scheduler named by its address may take to answer."""


NOT_AN_ADDRESS = N_("{address} is not a Dask scheduler's address: write it as tcp://HOST:PORT.")
NOTHING_LISTENS = N_(
    "Nothing listens at {address}: start the Dask scheduler there, or check the address."
)
UNKNOWN_HOST = N_("The host of {address} is not known: check its name.")
NO_TLS = N_(
    "{address} asks for TLS, which needs Dask's TLS settings (its certificates in Dask's "
    "configuration): {error}"
)
NO_ANSWER = N_("No Dask scheduler answers at {address}: {error}")


def _connect(client: Callable[..., Client], address: str) -> Client:
    """A client of the scheduler at ``address``, or a planner's message when there is none,
    in the planner's words (the system's and Dask's own are English)."""
    failed: Exception
    try:
        _listening(address)
        return client(address, timeout=f"{CONNECT_SECONDS}s")
    except ValueError as error:
        failed, message = error, NOT_AN_ADDRESS
    except ConnectionRefusedError as error:
        failed, message = error, NOTHING_LISTENS
    except socket.gaierror as error:
        failed, message = error, UNKNOWN_HOST
    except TypeError as error:
        if not address.startswith("tls://"):
            raise
        failed, message = error, NO_TLS
    except OSError as error:
        failed, message = error, NO_ANSWER
    raise InputError([Problem(_(message).format(address=address, error=failed))])


def _listening(address: str) -> None:
    """The OSError of a TCP connection to a ``tcp://`` address's host and port when nothing
    listens there: Dask's client retries a refused connection until its timeout, so a
    mistyped address or a scheduler not started was named only after 10 s. A ``tls://`` one
    is left to Dask: a bare connection would be a failed handshake in the scheduler's log."""
    from distributed.comm.addressing import parse_address, parse_host_port

    scheme, location = parse_address(address)
    if scheme == "tcp":
        with socket.create_connection(parse_host_port(location), timeout=CONNECT_SECONDS):
            pass
