# ---- The in-process fake (Fake<Library>, docs/python.md "Testing without the library") ----


class _FakeSubscription(_Subscription):
    """A listener of a fake context: fire_<event> calls it until it is
    unsubscribed."""

    def __init__(self, fake: "_Fake", event: _Event, callback: _t.Callable[..., _t.Any],
                 loop: _t.Optional[_asyncio.AbstractEventLoop]) -> None:
        self._fake = fake
        self.event = event
        self.callback = callback
        self.loop = loop
        self.active = True

    def unsubscribe(self) -> None:
        """Removes the listener; idempotent."""
        if self.active:
            self.active = False
            self._fake._fake_subs.remove(self)


class _Fake:
    """What every Fake<Library> shares: listeners fired by the test, host fn
    implementations called by the test, every argument and answer checked
    by the codecs of the real module. No shared library is loaded."""

    _fake_subs: _t.List[_FakeSubscription]
    _fake_impls: _t.Dict[str, _t.Callable[..., _t.Any]]
    _fake_closed: bool

    def _fake_start(self, ctor: _Fn[None], args: _t.Sequence[_t.Any]) -> None:
        ctor.request.encode(args)  # the TypeError or ValueError the real ctor raises
        self._fake_subs = []
        self._fake_impls = {}
        self._fake_closed = False

    def _fake_unfaked(self, method: str) -> NotImplementedError:
        return NotImplementedError("%s.%s is not faked: override it in a subclass"
                                   % (type(self).__name__, method))

    def _fake_subscribe(self, event: _Event, callback: _t.Callable[..., _t.Any]) -> _Subscription:
        if not callable(callback):
            raise TypeError("on_%s: callback must be callable, got %s"
                            % (event.name, _typename(callback)))
        try:
            loop: _t.Optional[_asyncio.AbstractEventLoop] = _asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        sub = _FakeSubscription(self, event, callback, loop)
        if not self._fake_closed:
            self._fake_subs.append(sub)
        else:
            sub.active = False
        return sub

    def _fake_event_args(self, event: _Event, args: _t.Sequence[_t.Any]) -> _t.List[_t.Any]:
        # What a listener of the real module gets: the arguments through the
        # wire (a tuple becomes a list, a bytearray bytes), or the error the
        # library would have got for them.
        return event.request.decode(event.request.encode(args))

    def _fake_fire(self, event: _Event, args: _t.Sequence[_t.Any]) -> None:
        vals = self._fake_event_args(event, args)
        for sub in list(self._fake_subs):
            if not sub.active or sub.event is not event:
                continue
            r = sub.callback(*vals)
            if _inspect.isawaitable(r):
                loop = sub.loop
                if loop is None or loop.is_closed():
                    if _inspect.iscoroutine(r):
                        r.close()
                    raise RuntimeError("the %s callback %r returned an awaitable but no event "
                                       "loop is running it" % (event.name, sub.callback))
                try:
                    running: _t.Optional[_asyncio.AbstractEventLoop] = _asyncio.get_running_loop()
                except RuntimeError:
                    running = None
                if running is loop:
                    loop.create_task(_await(r))
                else:
                    _asyncio.run_coroutine_threadsafe(_await(r), loop)

    async def _fake_fire_async(self, event: _Event, args: _t.Sequence[_t.Any]) -> None:
        vals = self._fake_event_args(event, args)
        for sub in list(self._fake_subs):
            if sub.active and sub.event is event:
                r = sub.callback(*vals)
                if _inspect.isawaitable(r):
                    await r

    def _fake_implement(self, host: _Host, fn: _t.Optional[_t.Callable[..., _t.Any]]) -> None:
        if fn is None:
            self._fake_impls.pop(host.name, None)
            return
        if not callable(fn):
            raise TypeError("implement_%s: expected a callable, got %s" % (host.name, _typename(fn)))
        self._fake_impls[host.name] = fn

    def _fake_impl(self, host: _Host, args: _t.Sequence[_t.Any]) -> _t.Tuple[_t.Callable[..., _t.Any], _t.List[_t.Any]]:
        if self._fake_closed:
            raise _ClosedError("call_%s: the context is closed" % host.name)
        fn = self._fake_impls.get(host.name)
        if fn is None:
            raise _Error("%s: host fn not implemented" % host.name)
        return fn, host.request.decode(host.request.encode(args))

    def _fake_answer(self, host: _Host, r: _t.Any) -> _t.Any:
        # The answer as the library would get it, or the error the real
        # module answers with for a wrong value.
        codec = host.result or _NULL_CODEC
        try:
            data = codec.encode(r, "result")
        except Exception as e:
            raise _Error("%s returned a wrong value: %s" % (host.name, _text(e))) from e
        return codec.decode(data, "result")

    def _fake_raised(self, host: _Host, e: Exception) -> Exception:
        if host.exc is not None and isinstance(e, host.exc) and host.throws is not None:
            try:
                host.throws.encode(getattr(e, "error"), "error")
            except Exception as bad:
                return _Error("%s raised a wrong typed error: %s" % (host.name, _text(bad)))
        return e

    def _fake_call(self, host: _Host, args: _t.Sequence[_t.Any]) -> _t.Any:
        fn, vals = self._fake_impl(host, args)
        try:
            r = fn(*vals)
            if _inspect.isawaitable(r):
                try:
                    _asyncio.get_running_loop()
                except RuntimeError:
                    r = _asyncio.run(_await(r))
                else:
                    if _inspect.iscoroutine(r):
                        r.close()
                    raise RuntimeError("call_%s: the implementation is async and an event loop "
                                       "is running here: await call_%s_async instead"
                                       % (host.name, host.name))
        except Exception as e:
            raised = self._fake_raised(host, e)
            if raised is e:
                raise
            raise raised from e
        return self._fake_answer(host, r)

    async def _fake_call_async(self, host: _Host, args: _t.Sequence[_t.Any]) -> _t.Any:
        fn, vals = self._fake_impl(host, args)
        try:
            r = fn(*vals)
            if _inspect.isawaitable(r):
                r = await r
        except Exception as e:
            raised = self._fake_raised(host, e)
            if raised is e:
                raise
            raise raised from e
        return self._fake_answer(host, r)

    def _fake_close(self) -> None:
        self._fake_closed = True
        for sub in self._fake_subs:
            sub.active = False
        self._fake_subs.clear()
