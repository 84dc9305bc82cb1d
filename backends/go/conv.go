package golang

import (
	"slices"
	"strconv"
	"strings"

	fficrt "github.com/ffic/ffic/runtime/go"

	"github.com/ffic/ffic/idl"
)

// This file writes the conversions of every non-scalar type the interface
// uses, four functions per type key (see key):
//
//	fromC_K(p *CT, v *GT, depth int) error              native input -> Go, validated
//	toC_K(a *fficlib.Arena, v *GT, p *CT, depth int) error  Go -> native output, in C memory
//	enc_K(e *fficrt.Encoder, v *GT, depth int) error    Go -> CBOR
//	dec_K(d *fficrt.Decoder, v *GT) error               CBOR -> Go, validated
//
// depth is the nesting level of the value's array or map as CBOR counts
// it, so native input and Go values are held to the limit of docs/wire.md
// (which also stops a cyclic value). Errors carry the field path, built
// from the inside out by fficlib.Field and friends (native) or by the
// decoder's path (CBOR). Scalars are converted inline, never through a
// function.

// collectTypes lists every non-scalar type used anywhere, each once, in a
// deterministic order.
func (g *gen) collectTypes() []*idl.Type {
	seen := map[string]bool{}
	var out []*idl.Type
	var add func(t *idl.Type)
	add = func(t *idl.Type) {
		if t == nil {
			return
		}
		t.Walk(func(t *idl.Type) {
			if isScalar(t) || seen[key(t)] {
				return
			}
			seen[key(t)] = true
			out = append(out, t)
		})
	}
	for _, d := range g.m.TypeDecls() {
		switch d := d.(type) {
		case *idl.Struct:
			add(&idl.Type{Kind: idl.StructT, Struct: d})
			for _, f := range d.Fields {
				add(f.Type)
			}
		case *idl.Enum:
			add(&idl.Type{Kind: idl.EnumT, Enum: d})
		case *idl.Union:
			add(&idl.Type{Kind: idl.UnionT, Union: d})
			for _, a := range d.Arms {
				add(a.Type)
			}
		}
	}
	params := func(fs []*idl.Field) {
		for _, f := range fs {
			add(f.Type)
		}
	}
	params(g.m.Ctor.Params)
	add(g.m.Ctor.Throws)
	for _, f := range append(slices.Clone(g.m.Funcs), g.m.HostFuncs...) {
		params(f.Params)
		add(f.Result)
		add(f.Throws)
	}
	for _, e := range g.m.Events {
		params(e.Params)
	}
	return out
}

// Statements converting one value; wrap turns "err" into the returned error.

func (g *gen) fromC(t *idl.Type, src, dst, depth string, wrap func(string) string) string {
	if isScalar(t) {
		return dst + " = " + goScalar[t.Kind] + "(" + src + ")"
	}
	return "if err := fromC_" + key(t) + "(" + addr(src) + ", " + addr(dst) + ", " + depth + "); err != nil { return " + wrap("err") + " }"
}

// fromCNew declares the variable name holding src converted, one level
// deeper (a scalar in one statement: staticcheck's S1021).
func (g *gen) fromCNew(t *idl.Type, src, name string, wrap func(string) string) string {
	if isScalar(t) {
		return name + " := " + goScalar[t.Kind] + "(" + src + ")"
	}
	return "var " + name + " " + g.goType(t) + "\n" + g.fromC(t, src, name, "depth+1", wrap)
}

func (g *gen) toC(t *idl.Type, src, dst, depth string, wrap func(string) string) string {
	if isScalar(t) {
		return dst + " = " + g.cgoType(t) + "(" + src + ")"
	}
	return "if err := toC_" + key(t) + "(a, " + addr(src) + ", " + addr(dst) + ", " + depth + "); err != nil { return " + wrap("err") + " }"
}

func (g *gen) enc(t *idl.Type, src, depth string, wrap func(string) string) string {
	if isScalar(t) {
		return "e.Write" + codecName[t.Kind] + "(" + src + ")"
	}
	return "if err := " + g.q + "Enc_" + key(t) + "(e, " + addr(src) + ", " + depth + "); err != nil { return " + wrap("err") + " }"
}

// dec reads into dst; errors already carry the decoder's path.
func (g *gen) dec(t *idl.Type, dst string) string {
	if isScalar(t) {
		return "if " + dst + ", err = d.Read" + codecName[t.Kind] + "(); err != nil { return err }"
	}
	return "if err := " + g.q + "Dec_" + key(t) + "(d, " + addr(dst) + "); err != nil { return err }"
}

func plain(err string) string { return err }

// addr is the address of the value e denotes: &e, or p for e = *p
// (staticcheck's SA4001: &*p is p).
func addr(e string) string {
	if strings.HasPrefix(e, "(") && strings.HasSuffix(e, ")") && strings.Count(e, "(") == 1 {
		e = e[1 : len(e)-1]
	}
	if strings.HasPrefix(e, "*") {
		return e[1:]
	}
	return "&" + e
}

func wrapField(name string) func(string) string {
	return func(err string) string { return "fficrt.AtField(" + strconv.Quote(name) + ", " + err + ")" }
}

// natives writes the native conversions of every type (library package).
func (g *gen) natives(nat *printer) {
	for _, t := range g.collectTypes() {
		k := key(t)
		gt, ct := g.goType(t), g.cgoType(t)
		nat.P("func fromC_", k, "(p *", ct, ", v *", gt, ", depth int) error {")
		g.fromCBody(nat, t)
		nat.P("}")
		nat.P()
		nat.P("func toC_", k, "(a *", g.arena, ", v *", gt, ", p *", ct, ", depth int) error {")
		g.toCBody(nat, t)
		nat.P("}")
		nat.P()
	}
}

// codecs writes the CBOR codec of every type (types-and-codec package).
func (g *gen) codecs(cod *printer) {
	for _, t := range g.collectTypes() {
		k := key(t)
		gt := g.goType(t)
		cod.P("func Enc_", k, "(e *fficrt.Encoder, v *", gt, ", depth int) error {")
		g.encBody(cod, t)
		cod.P("}")
		cod.P()
		cod.P("func Dec_", k, "(d *fficrt.Decoder, v *", gt, ") error {")
		g.decBody(cod, t)
		cod.P("}")
		cod.P()
	}
}

const depthCheck = "if depth > fficrt.MaxDepth { return fficrt.ErrDepth() }"

func (g *gen) fromCBody(p *printer, t *idl.Type) {
	switch t.Kind {
	case idl.String:
		p.P("s, err := fficlib.StringFromC(unsafe.Pointer(p.ptr), uint64(p.len))")
		p.P("*v = s")
		p.P("return err")
	case idl.Bytes:
		p.P("b, err := fficlib.BytesFromC(unsafe.Pointer(p.ptr), uint64(p.len))")
		p.P("*v = b")
		p.P("return err")
	case idl.EnumT:
		p.P("switch *p {")
		p.P("case ", g.memberValues(t.Enum), ":")
		p.P("*v = ", g.goType(t), "(*p)")
		p.P("return nil")
		p.P("}")
		p.P("return fficrt.Errorf(\"unknown ", t.Enum.Name, " member %d\", int32(*p))")
	case idl.StructT:
		p.P(depthCheck)
		g.structFields(p, t.Struct, func(f *idl.Field) string {
			return g.fromC(f.Type, "p."+cField(f.Name), "v."+g.n.fields[f], "depth+1", wrapField(f.Name))
		}, func(f *idl.Field) string {
			return "fromC_" + key(f.Type) + "(" + addr("p."+cField(f.Name)) + ", " + addr("v."+g.n.fields[f]) + ", depth+1)"
		})
	case idl.UnionT:
		p.P(depthCheck)
		p.P("switch p.tag {")
		for i, a := range t.Union.Arms {
			p.P("case ", i+1, ":")
			if a.Type == nil {
				p.P("*v = ", g.n.arms[a], "{}")
				continue
			}
			p.P("var x ", g.n.arms[a])
			p.P(g.fromC(a.Type, "*(*"+g.cgoType(a.Type)+")(unsafe.Pointer(&p.as))", "x.Value", "depth+1", wrapField(a.Name)))
			p.P("*v = x")
		}
		p.P("default:")
		p.P("return fficrt.Errorf(\"unknown ", t.Union.Name, " arm tag %d\", int32(p.tag))")
		p.P("}")
		p.P("return nil")
	case idl.List:
		p.P(depthCheck)
		p.P("if err := fficlib.ArrayFromC(unsafe.Pointer(p.ptr), uint64(p.len), unsafe.Sizeof(*p.ptr)); err != nil { return err }")
		p.P("out := make(", g.goType(t), ", int(p.len))")
		p.P("if p.len > 0 {")
		p.P("src := unsafe.Slice(p.ptr, int(p.len))")
		p.P("for i := range src {")
		p.P(g.fromC(t.Elem, "src[i]", "out[i]", "depth+1", func(err string) string { return "fficrt.AtIndex(i, " + err + ")" }))
		p.P("}")
		p.P("}")
		p.P("*v = out")
		p.P("return nil")
	case idl.Map:
		p.P(depthCheck)
		p.P("if err := fficlib.ArrayFromC(unsafe.Pointer(p.ptr), uint64(p.len), unsafe.Sizeof(*p.ptr)); err != nil { return err }")
		p.P("out := make(", g.goType(t), ", fficlib.MapHint(uint64(p.len)))")
		p.P("if p.len > 0 {")
		p.P("src := unsafe.Slice(p.ptr, int(p.len))")
		p.P("for i := range src {")
		p.P(g.fromCNew(t.Key, "src[i].key", "k", func(err string) string { return "fficrt.AtEntry(i, " + err + ")" }))
		p.P("if _, dup := out[k]; dup { return fficrt.DuplicateKey(", g.keyAny(t.Key, "k"), ") }")
		p.P(g.fromCNew(t.Elem, "src[i].value", "x", g.wrapKey(t.Key)))
		p.P("out[k] = x")
		p.P("}")
		p.P("}")
		p.P("*v = out")
		p.P("return nil")
	case idl.Optional:
		if t.Elem.Kind == idl.UnionT {
			p.P("if *p == nil { *v = nil; return nil }")
			p.P("return fromC_", key(t.Elem), "(*p, v, depth)")
			return
		}
		if isPointerOptional(t) {
			p.P("if *p == nil { *v = nil; return nil }")
			p.P("x := new(", g.goType(t.Elem), ")")
			p.P("if err := fromC_", key(t.Elem), "(*p, x, depth); err != nil { return err }")
			p.P("*v = x")
			p.P("return nil")
			return
		}
		p.P("if !bool(p.present) { *v = nil; return nil }")
		p.P("x := new(", g.goType(t.Elem), ")")
		p.P(g.fromC(t.Elem, "p.value", "*x", "depth", plain))
		p.P("*v = x")
		p.P("return nil")
	}
}

func isPointerOptional(t *idl.Type) bool {
	return t.Kind == idl.Optional && (t.Elem.Kind == idl.StructT || t.Elem.Kind == idl.UnionT)
}

func (g *gen) memberValues(e *idl.Enum) string {
	var vs []string
	for _, m := range e.Members {
		vs = append(vs, strconv.FormatInt(m.Value, 10))
	}
	if len(vs) == 0 {
		return "-1 << 40" // never matches an int32: an enum without members has no valid value
	}
	return join(vs)
}

func join(vs []string) string { return strings.Join(vs, ", ") }

// keyAny is a map key as fficrt.DuplicateKey and the path helpers take it.
func (g *gen) keyAny(k *idl.Type, v string) string {
	switch {
	case k.Kind == idl.EnumT:
		return v + ".String()"
	case k.Kind.IsSigned():
		return "int64(" + v + ")"
	case k.Kind.IsInteger():
		return "uint64(" + v + ")"
	}
	return v
}

func (g *gen) wrapKey(k *idl.Type) func(string) string {
	return func(err string) string {
		if k.Kind == idl.String || k.Kind == idl.EnumT {
			return "fficrt.AtKeyString(" + g.keyAny(k, "k") + ", " + err + ")"
		}
		return "fficrt.AtKeyInt(" + g.keyAny(k, "k") + ", " + err + ")"
	}
}

func (g *gen) toCBody(p *printer, t *idl.Type) {
	switch t.Kind {
	case idl.String:
		p.P("s, err := a.String(*v)")
		p.P("if err != nil { return err }")
		p.P("p.ptr, p.len = (*C.char)(s), C.size_t(len(*v))")
		p.P("return nil")
	case idl.Bytes:
		p.P("p.ptr, p.len = (*C.uint8_t)(a.Bytes(*v)), C.size_t(len(*v))")
		p.P("return nil")
	case idl.EnumT:
		p.P("switch *v {")
		p.P("case ", g.memberValues(t.Enum), ":")
		p.P("*p = ", g.cgoType(t), "(*v)")
		p.P("return nil")
		p.P("}")
		p.P("return fficrt.Errorf(\"unknown ", t.Enum.Name, " member %d\", int32(*v))")
	case idl.StructT:
		p.P(depthCheck)
		g.structFields(p, t.Struct, func(f *idl.Field) string {
			return g.toC(f.Type, "v."+g.n.fields[f], "p."+cField(f.Name), "depth+1", wrapField(f.Name))
		}, func(f *idl.Field) string {
			return "toC_" + key(f.Type) + "(a, " + addr("v."+g.n.fields[f]) + ", " + addr("p."+cField(f.Name)) + ", depth+1)"
		})
	case idl.UnionT:
		p.P(depthCheck)
		p.P("switch x := (*v).(type) {")
		for i, a := range t.Union.Arms {
			p.P("case ", g.n.arms[a], ":")
			p.P("p.tag = ", i+1)
			if a.Type != nil {
				p.P(g.toC(a.Type, "x.Value", "*(*"+g.cgoType(a.Type)+")(unsafe.Pointer(&p.as))", "depth+1", wrapField(a.Name)))
			} else {
				p.P("_ = x")
			}
		}
		p.P("case nil:")
		p.P("return fficrt.Errorf(\"no ", t.Union.Name, " arm is set\")")
		p.P("default:")
		p.P("return fficrt.Errorf(\"%T is no ", t.Union.Name, " arm\", x)")
		p.P("}")
		p.P("return nil")
	case idl.List:
		p.P(depthCheck)
		p.P("p.ptr, p.len = nil, C.size_t(len(*v))")
		p.P("if len(*v) == 0 { return nil }")
		p.P("dst := fficlib.Array[", g.cgoType(t.Elem), "](a, len(*v))")
		p.P("p.ptr = &dst[0]")
		p.P("for i := range *v {")
		p.P(g.toC(t.Elem, "(*v)[i]", "dst[i]", "depth+1", func(err string) string { return "fficrt.AtIndex(i, " + err + ")" }))
		p.P("}")
		p.P("return nil")
	case idl.Map:
		p.P(depthCheck)
		p.P("p.ptr, p.len = nil, C.size_t(len(*v))")
		p.P("if len(*v) == 0 { return nil }")
		p.P("dst := fficlib.Array[C.", g.cn.CType(t), "_entry](a, len(*v))")
		p.P("p.ptr = &dst[0]")
		p.P("i := 0")
		p.P("for k, x := range *v {")
		p.P(g.toC(t.Key, "k", "dst[i].key", "depth+1", func(err string) string { return "fficrt.AtEntry(i, " + err + ")" }))
		p.P(g.toC(t.Elem, "x", "dst[i].value", "depth+1", g.wrapKey(t.Key)))
		p.P("i++")
		p.P("}")
		p.P("return nil")
	case idl.Optional:
		if isPointerOptional(t) {
			p.P("if *v == nil { *p = nil; return nil }")
			p.P("dst := fficlib.New[C.", g.cn.Type(t.Elem.Decl().DeclName()), "](a)")
			if t.Elem.Kind == idl.UnionT {
				p.P("if err := toC_", key(t.Elem), "(a, v, dst, depth); err != nil { return err }")
			} else {
				p.P("if err := toC_", key(t.Elem), "(a, *v, dst, depth); err != nil { return err }")
			}
			p.P("*p = dst")
			p.P("return nil")
			return
		}
		p.P("if *v == nil { p.present = false; return nil }")
		p.P("p.present = true")
		p.P(g.toC(t.Elem, "(**v)", "p.value", "depth", plain))
		p.P("return nil")
	}
}

func (g *gen) encBody(p *printer, t *idl.Type) {
	switch t.Kind {
	case idl.String:
		p.P("return fficrt.EncodeString(e, *v)")
	case idl.Bytes:
		p.P("e.WriteBytes(*v)")
		p.P("return nil")
	case idl.EnumT:
		p.P("switch *v {")
		for _, m := range t.Enum.Members {
			p.P("case ", g.n.members[m], ":")
			p.P("e.WriteString(", strconv.Quote(m.Name), ")")
		}
		p.P("default:")
		p.P("return fficrt.Errorf(\"unknown ", t.Enum.Name, " member %d\", int32(*v))")
		p.P("}")
		p.P("return nil")
	case idl.StructT:
		p.P(depthCheck)
		fields := map[string]*idl.Field{}
		var names []string
		for _, f := range t.Struct.Fields {
			fields[f.Name] = f
			names = append(names, f.Name)
		}
		p.P("e.WriteMapHeader(", len(names), ")")
		for _, name := range fficrt.SortFieldNames(names) {
			f := fields[name]
			p.P("e.WriteString(", strconv.Quote(name), ")")
			p.P(g.enc(f.Type, "v."+g.n.fields[f], "depth+1", wrapField(name)))
		}
		p.P("return nil")
	case idl.UnionT:
		p.P(depthCheck)
		p.P("e.WriteMapHeader(1)")
		p.P("switch x := (*v).(type) {")
		for _, a := range t.Union.Arms {
			p.P("case ", g.n.arms[a], ":")
			p.P("e.WriteString(", strconv.Quote(a.Name), ")")
			if a.Type != nil {
				p.P(g.enc(a.Type, "x.Value", "depth+1", wrapField(a.Name)))
			} else {
				p.P("_ = x")
				p.P("e.WriteNull()")
			}
		}
		p.P("case nil:")
		p.P("return fficrt.Errorf(\"no ", t.Union.Name, " arm is set\")")
		p.P("default:")
		p.P("return fficrt.Errorf(\"%T is no ", t.Union.Name, " arm\", x)")
		p.P("}")
		p.P("return nil")
	case idl.List:
		p.P(depthCheck)
		p.P("e.WriteArrayHeader(len(*v))")
		p.P("for i := range *v {")
		p.P(g.enc(t.Elem, "(*v)[i]", "depth+1", func(err string) string { return "fficrt.AtIndex(i, " + err + ")" }))
		p.P("}")
		p.P("return nil")
	case idl.Map:
		p.P(depthCheck)
		p.P("m := e.BeginMap(len(*v))")
		p.P("for k, x := range *v {")
		p.P("e.Entry()")
		p.P(g.enc(t.Key, "k", "depth+1", plain))
		p.P(g.enc(t.Elem, "x", "depth+1", g.wrapKey(t.Key)))
		p.P("}")
		p.P("e.EndMap(m)")
		p.P("return nil")
	case idl.Optional:
		if t.Elem.Kind == idl.UnionT {
			p.P("if *v == nil { e.WriteNull(); return nil }")
			p.P("return Enc_", key(t.Elem), "(e, v, depth)")
			return
		}
		p.P("if *v == nil { e.WriteNull(); return nil }")
		p.P(g.enc(t.Elem, "(**v)", "depth", plain))
		p.P("return nil")
	}
}

func (g *gen) decBody(p *printer, t *idl.Type) {
	switch t.Kind {
	case idl.String:
		p.P("s, err := d.ReadString()")
		p.P("*v = s")
		p.P("return err")
	case idl.Bytes:
		p.P("b, err := d.ReadBytes()")
		p.P("*v = b")
		p.P("return err")
	case idl.EnumT:
		p.P("b, err := d.ReadText()")
		p.P("if err != nil { return err }")
		p.P("switch string(b) {")
		for _, m := range t.Enum.Members {
			p.P("case ", strconv.Quote(m.Name), ":")
			p.P("*v = ", g.n.members[m])
		}
		p.P("default:")
		p.P("return d.UnknownMember(", strconv.Quote(t.Enum.Name), ", b)")
		p.P("}")
		p.P("return nil")
	case idl.StructT:
		g.decStruct(p, t.Struct.Fields, func(f *idl.Field) string { return "v." + g.n.fields[f] }, false)
	case idl.UnionT:
		p.P("indef, err := d.ReadUnionHeader()")
		p.P("if err != nil { return err }")
		p.P("k, err := d.ReadKey(0)")
		p.P("if err != nil { return err }")
		p.P("switch string(k) {")
		for _, a := range t.Union.Arms {
			p.P("case ", strconv.Quote(a.Name), ":")
			p.P("d.PushField(", strconv.Quote(a.Name), ")")
			if a.Type == nil {
				p.P("if err := d.ReadNull(); err != nil { return err }")
				p.P("*v = ", g.n.arms[a], "{}")
			} else {
				p.P("var x ", g.n.arms[a])
				p.P(g.dec(a.Type, "x.Value"))
				p.P("*v = x")
			}
			p.P("d.Pop()")
		}
		p.P("default:")
		p.P("d.PushEntry(0)")
		p.P("return d.UnknownArm(", strconv.Quote(t.Union.Name), ", k)")
		p.P("}")
		p.P("return d.EndUnion(indef)")
	case idl.List:
		p.P("n, err := d.ReadArrayHeader()")
		p.P("if err != nil { return err }")
		p.P("out := make(", g.goType(t), ", 0, max(n, 0))")
		p.P("for i := 0; d.More(n, i); i++ {")
		p.P("d.PushIndex(i)")
		p.P("var x ", g.goType(t.Elem))
		p.P(g.dec(t.Elem, "x"))
		p.P("d.Pop()")
		p.P("out = append(out, x)")
		p.P("}")
		p.P("*v = out")
		p.P("return nil")
	case idl.Map:
		p.P("n, err := d.ReadMapHeader()")
		p.P("if err != nil { return err }")
		p.P("out := make(", g.goType(t), ", max(n, 0))")
		p.P("for i := 0; d.More(n, i); i++ {")
		p.P("var k ", g.goType(t.Key))
		p.P("d.PushEntry(i)")
		p.P(g.dec(t.Key, "k"))
		p.P("d.Pop()")
		p.P("if _, dup := out[k]; dup { return d.DuplicateKey(", g.keyAny(t.Key, "k"), ") }")
		switch {
		case t.Key.Kind == idl.String:
			p.P("d.PushKeyString(k)")
		case t.Key.Kind == idl.EnumT:
			p.P("d.PushKeyString(k.String())")
		case t.Key.Kind == idl.Bool:
			p.P("d.PushKeyBool(k)")
		case t.Key.Kind.IsSigned():
			p.P("d.PushKeyInt(int64(k))")
		default:
			p.P("d.PushKeyUint(uint64(k))")
		}
		p.P("var x ", g.goType(t.Elem))
		p.P(g.dec(t.Elem, "x"))
		p.P("d.Pop()")
		p.P("out[k] = x")
		p.P("}")
		p.P("*v = out")
		p.P("return nil")
	case idl.Optional:
		p.P("if d.TakeNull() { *v = nil; return nil }")
		if t.Elem.Kind == idl.UnionT {
			p.P("return Dec_", key(t.Elem), "(d, v)")
			return
		}
		p.P("x := new(", g.goType(t.Elem), ")")
		p.P("var err error")
		p.P(g.dec(t.Elem, "*x"))
		p.P("*v = x")
		p.P("return err")
	}
}

// decStruct reads a CBOR map into fields: a struct's, or a request's or
// event's parameters (roots: each parameter is a root of its own path).
func (g *gen) decStruct(p *printer, fields []*idl.Field, dst func(*idl.Field) string, roots bool) {
	p.P("n, err := d.ReadMapHeader()")
	p.P("if err != nil { return err }")
	if len(fields) == 0 {
		p.P("for i := 0; d.More(n, i); i++ {")
		p.P("k, err := d.ReadKey(i)")
		p.P("if err != nil { return err }")
		p.P("if err := d.SkipField(k); err != nil { return err }")
		p.P("}")
		p.P("return nil")
		return
	}
	if len(fields) <= 64 {
		g.decFields(p, fields, dst, roots)
		return
	}
	p.P("var seen [", len(fields), "]bool")
	p.P("for i := 0; d.More(n, i); i++ {")
	p.P("k, err := d.ReadKey(i)")
	p.P("if err != nil { return err }")
	p.P("f := -1")
	p.P("switch string(k) {")
	for i, f := range fields {
		p.P("case ", strconv.Quote(f.Name), ": f = ", i)
	}
	p.P("default:")
	p.P("if err := d.SkipField(k); err != nil { return err }")
	p.P("continue")
	p.P("}")
	p.P("if seen[f] { return d.DuplicateKey(k) }")
	p.P("seen[f] = true")
	p.P("switch f {")
	for i, f := range fields {
		p.P("case ", i, ":")
		if roots {
			p.P("d.PushRoot(", strconv.Quote(f.Name), ")")
		} else {
			p.P("d.PushField(", strconv.Quote(f.Name), ")")
		}
		p.P(g.dec(f.Type, dst(f)))
	}
	p.P("}")
	p.P("d.Pop()")
	p.P("}")
	for i, f := range fields {
		if f.Type.Kind != idl.Optional {
			p.P("if !seen[", i, "] { return d.MissingField(", strconv.Quote(f.Name), ") }")
		}
	}
	p.P("return nil")
}

// decFields is decStruct's loop for at most 64 fields: one runtime call
// per field (fficrt.DecField and friends check for duplicates and keep
// the path), then one check that no required field is missing.
func (g *gen) decFields(p *printer, fields []*idl.Field, dst func(*idl.Field) string, roots bool) {
	field, scalar := "fficrt.DecField", "fficrt.DecScalar"
	if roots {
		field, scalar = "fficrt.DecRoot", "fficrt.DecRootScalar"
	}
	p.P("var seen uint64")
	p.P("for i := 0; d.More(n, i); i++ {")
	p.P("k, err := d.ReadKey(i)")
	p.P("if err != nil { return err }")
	p.P("switch string(k) {")
	var required uint64
	var names []string
	for i, f := range fields {
		p.P("case ", strconv.Quote(f.Name), ":")
		if isScalar(f.Type) {
			p.P("err = ", scalar, "(d, &seen, ", i, ", ", strconv.Quote(f.Name), ", ", addr(dst(f)), ", (*fficrt.Decoder).Read", codecName[f.Type.Kind], ")")
		} else {
			p.P("err = ", field, "(d, &seen, ", i, ", ", strconv.Quote(f.Name), ", ", addr(dst(f)), ", ", g.q, "Dec_", key(f.Type), ")")
		}
		if f.Type.Kind != idl.Optional {
			required |= 1 << i
		}
		names = append(names, strconv.Quote(f.Name))
	}
	p.P("default:")
	p.P("err = d.SkipField(k)")
	p.P("}")
	p.P("if err != nil { return err }")
	p.P("}")
	if required != 0 {
		mask := "0x" + strconv.FormatUint(required, 16)
		p.P("if seen&", mask, " != ", mask, " { return d.Required(seen, ", mask, ", ", strings.Join(names, ", "), ") }")
	}
	p.P("return nil")
}

// structFields converts a struct's fields natively: the scalars by
// assignment (stmt), then every other field in one fficrt.FieldErrs call
// (call: the conversion's error), which returns the first error under its
// field's name. Every conversion runs even after one failed; only the
// error path pays for that.
func (g *gen) structFields(p *printer, s *idl.Struct, stmt, call func(*idl.Field) string) {
	var names, calls []string
	for _, f := range s.Fields {
		if isScalar(f.Type) {
			p.P(stmt(f))
			continue
		}
		names = append(names, f.Name)
		calls = append(calls, call(f))
	}
	switch len(calls) {
	case 0:
		p.P("return nil")
	case 1:
		p.P(stmt(fieldOf(s, names[0])))
		p.P("return nil")
	default:
		p.P("return fficrt.FieldErrs(", strconv.Quote(strings.Join(names, " ")), ",")
		for _, c := range calls {
			p.P(c, ",")
		}
		p.P(")")
	}
}

func fieldOf(s *idl.Struct, name string) *idl.Field {
	for _, f := range s.Fields {
		if f.Name == name {
			return f
		}
	}
	return nil
}
