package golang

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	c "github.com/ffic/ffic/backends/c"
	"github.com/ffic/ffic/idl"
)

// This file maps IDL types to Go and writes the Go declarations of the
// interface's constants, structs, enums and unions (types.go of the
// generated package).
//
//	bool, i8..u64, f32, f64  bool, int8..uint64, float32, float64
//	string, bytes            string, []byte
//	list<T>, map<K, V>       []T, map[K]V
//	T?                       *T; a union is an interface, so U? is U (nil: absent)
//	struct S                 struct S with exported fields
//	enum E                   type E int32 with constants EMember
//	union U                  interface U, implemented by one struct type per arm,
//	                         UArm{Value T} (UArm{} for an arm without payload)
//
// Types used in `throws` implement error, so handlers return them as
// ordinary errors and callers find them with errors.As.

func isScalar(t *idl.Type) bool { return t.Kind <= idl.F64 }

var goScalar = map[idl.Kind]string{
	idl.Bool: "bool", idl.I8: "int8", idl.I16: "int16", idl.I32: "int32", idl.I64: "int64",
	idl.U8: "uint8", idl.U16: "uint16", idl.U32: "uint32", idl.U64: "uint64",
	idl.F32: "float32", idl.F64: "float64", idl.String: "string", idl.Bytes: "[]byte",
}

// codecName is the suffix of the Write/Read methods of a scalar.
var codecName = map[idl.Kind]string{
	idl.Bool: "Bool", idl.I8: "I8", idl.I16: "I16", idl.I32: "I32", idl.I64: "I64",
	idl.U8: "U8", idl.U16: "U16", idl.U32: "U32", idl.U64: "U64", idl.F32: "F32", idl.F64: "F64",
}

func (g *gen) goType(t *idl.Type) string {
	switch t.Kind {
	case idl.List:
		return "[]" + g.goType(t.Elem)
	case idl.Map:
		return "map[" + g.goType(t.Key) + "]" + g.goType(t.Elem)
	case idl.Optional:
		if t.Elem.Kind == idl.UnionT {
			return g.goType(t.Elem)
		}
		return "*" + g.goType(t.Elem)
	case idl.StructT, idl.EnumT, idl.UnionT:
		return g.n.types[t.Decl()]
	}
	return goScalar[t.Kind]
}

// cgoType is the Go spelling of the C type of t: C.uint32_t,
// C.my_timer_str, *C.my_timer_TimerGroup.
func (g *gen) cgoType(t *idl.Type) string {
	if c.IsPointerOpt(t) {
		return "*C." + g.cn.Type(t.Elem.Decl().DeclName())
	}
	return "C." + g.cn.CType(t)
}

// key names the conversion functions of a non-scalar type: fromC_<key>,
// toC_<key>, enc_<key>, dec_<key>. It is the header's mangling, so each
// type has one key and no two types share one.
func key(t *idl.Type) string { return c.Mangle(t) }

// cField is how Go spells the C member of a struct field or parameter:
// the header's name, with "_" in front of a Go keyword (cgo's rule).
func cField(name string) string {
	m := c.Member(name)
	if goKeywords[m] {
		return "_" + m
	}
	return m
}

var goKeywords = setOf("break", "case", "chan", "const", "continue", "default", "defer", "else",
	"fallthrough", "for", "func", "go", "goto", "if", "import", "interface", "map", "package",
	"range", "return", "select", "struct", "switch", "type", "var")

// declTypes writes the Go declarations of every constant and declared type.
func (g *gen) declTypes(p *printer) {
	var consts, negZeros []*idl.Const
	for _, k := range g.m.Consts {
		if isNegZero(k) {
			negZeros = append(negZeros, k)
		} else {
			consts = append(consts, k)
		}
	}
	if len(consts) > 0 {
		p.P("// The constants of the interface.")
		p.P("const (")
		for _, k := range consts {
			p.Doc(k.Doc)
			p.P(g.n.consts[k], " ", goScalar[k.Type.Kind], " = ", constValue(k))
		}
		p.P(")")
		p.P()
	}
	if len(negZeros) > 0 {
		p.P("// The constants of the interface that are negative zero: variables, as a")
		p.P("// Go constant has no sign of zero (the constant -0.0 is +0).")
		p.P("var (")
		for _, k := range negZeros {
			p.Doc(k.Doc)
			p.P(g.n.consts[k], " = ", goScalar[k.Type.Kind], "(math.Copysign(0, -1))")
		}
		p.P(")")
		p.P()
	}
	errs := map[idl.TypeDecl]bool{}
	for _, d := range g.m.ErrorTypes() {
		errs[d] = true
	}
	for _, d := range g.m.TypeDecls() {
		switch d := d.(type) {
		case *idl.Struct:
			g.declStruct(p, d, errs[d])
		case *idl.Enum:
			g.declEnum(p, d, errs[d])
		case *idl.Union:
			g.declUnion(p, d, errs[d])
		}
	}
	if g.optValueUsed() {
		p.P("// optValue is what an optional holds, for printing: *v, or nil.")
		p.P("func optValue[T any](v *T) any {")
		p.P("if v == nil { return nil }")
		p.P("return *v")
		p.P("}")
		p.P()
	}
}

func constValue(k *idl.Const) string {
	switch v := k.Value.(type) {
	case string:
		return strconv.Quote(v)
	case bool:
		return strconv.FormatBool(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case uint64:
		if strings.HasPrefix(strings.ToLower(k.Text), "0x") {
			return fmt.Sprintf("0x%X", v)
		}
		return strconv.FormatUint(v, 10)
	case float64:
		// The text as written: Go rounds the exact decimal to the type
		// once, as the C compiler rounds the header's literal (an f32
		// through float64 would be rounded twice).
		if t := floatText(k); t != "" {
			return t
		}
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	return fmt.Sprint(k.Value)
}

// floatText is a float const's literal as written, without digit
// separators; "" if there is none.
func floatText(k *idl.Const) string { return strings.ReplaceAll(k.Text, "_", "") }

// isNegZero reports whether a float const is negative zero in its type,
// as written ("-0.0") or by rounding ("-1e-50" as an f32): C keeps the
// sign, a Go constant cannot.
func isNegZero(k *idl.Const) bool {
	if !k.Type.Kind.IsFloat() {
		return false
	}
	bits := 64
	if k.Type.Kind == idl.F32 {
		bits = 32
	}
	v, ok := k.Value.(float64)
	if t := floatText(k); t != "" {
		var err error
		v, err = strconv.ParseFloat(t, bits)
		ok = err == nil || v == 0
	}
	return ok && v == 0 && math.Signbit(v)
}

func (g *gen) declStruct(p *printer, s *idl.Struct, isErr bool) {
	name := g.n.types[s]
	p.Doc(s.Doc)
	p.P("type ", name, " struct {")
	for _, f := range s.Fields {
		p.Doc(f.Doc)
		p.P(g.n.fields[f], " ", g.goType(f.Type))
	}
	p.P("}")
	p.P()
	if isErr {
		p.P("// Error makes ", name, " an error: handlers return it (or a pointer to it) as a typed error.")
		p.P("// It prints the fields as %+v would, an optional's value rather than its address.")
		if len(s.Fields) == 0 {
			p.P("func (e ", name, ") Error() string { return \"", s.Name, " {}\" }")
			p.P()
			return
		}
		var verbs, args []string
		for _, f := range s.Fields {
			verbs = append(verbs, g.n.fields[f]+":%+v")
			arg := "e." + g.n.fields[f]
			if f.Type.Kind == idl.Optional && f.Type.Elem.Kind != idl.UnionT {
				arg = "optValue(" + arg + ")"
			}
			args = append(args, arg)
		}
		p.P("func (e ", name, ") Error() string {")
		p.P("return fmt.Sprintf(", strconv.Quote(s.Name+" {"+strings.Join(verbs, " ")+"}"), ", ", strings.Join(args, ", "), ")")
		p.P("}")
		p.P()
	}
}

// optValueUsed reports whether an Error method calls optValue.
func (g *gen) optValueUsed() bool {
	for _, d := range g.m.ErrorTypes() {
		if s, ok := d.(*idl.Struct); ok {
			for _, f := range s.Fields {
				if f.Type.Kind == idl.Optional && f.Type.Elem.Kind != idl.UnionT {
					return true
				}
			}
		}
	}
	return false
}

func (g *gen) declEnum(p *printer, e *idl.Enum, isErr bool) {
	name := g.n.types[e]
	p.Doc(e.Doc)
	p.P("type ", name, " int32")
	p.P()
	p.P("// The members of ", name, ".")
	p.P("const (")
	for _, m := range e.Members {
		p.Doc(m.Doc)
		p.P(g.n.members[m], " ", name, " = ", m.Value)
	}
	p.P(")")
	p.P()
	p.P("// String returns the member's name in the .ffi file (\"", name, "(7)\" for no member).")
	p.P("func (v ", name, ") String() string {")
	p.P("switch v {")
	for _, m := range e.Members {
		p.P("case ", g.n.members[m], ": return ", strconv.Quote(m.Name))
	}
	p.P("}")
	p.P("return \"", name, "(\" + strconv.Itoa(int(v)) + \")\"")
	p.P("}")
	p.P()
	if isErr {
		p.P("// Error makes ", name, " an error: handlers return it as a typed error.")
		p.P("func (v ", name, ") Error() string { return \"", e.Name, " \" + v.String() }")
		p.P()
	}
}

func (g *gen) declUnion(p *printer, u *idl.Union, isErr bool) {
	name := g.n.types[u]
	var arms []string
	for _, a := range u.Arms {
		arms = append(arms, g.n.arms[a])
	}
	p.Doc(u.Doc, name+" is one of "+strings.Join(arms, ", ")+"; a nil "+name+" is no arm at all, "+
		"valid only where the .ffi type is optional.")
	p.P("type ", name, " interface {")
	if isErr {
		p.P("error")
	}
	p.P("is", name, "()")
	p.P("}")
	p.P()
	for _, a := range u.Arms {
		arm := g.n.arms[a]
		p.Doc(a.Doc, arm+" is the arm "+a.Name+" of "+name+".")
		if a.Type != nil {
			p.P("type ", arm, " struct{ Value ", g.goType(a.Type), " }")
		} else {
			p.P("type ", arm, " struct{}")
		}
		p.P()
		p.P("func (", arm, ") is", name, "() {}")
		if isErr {
			if a.Type != nil {
				p.P("func (e ", arm, ") Error() string { return fmt.Sprintf(\"", u.Name, " ", a.Name, " %+v\", e.Value) }")
			} else {
				p.P("func (", arm, ") Error() string { return \"", u.Name, " ", a.Name, "\" }")
			}
		}
		p.P()
	}
}
