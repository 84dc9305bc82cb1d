package parser

import (
	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
)

// The fast path. A declaration's first keyword says which production it
// is, so a chunk is first parsed with a parser of that production alone:
// participle then skips the top-level alternatives it would otherwise try
// (and allocate for) one by one. Only a chunk that fails goes through the
// whole grammar, which gives the error message and the recovery. The
// productions are the grammar's own structs, so both paths build the same
// tree.

func build[T any]() *participle.Parser[T] {
	return participle.MustBuild[T](participle.Lexer(definition{}), participle.UseLookahead(1))
}

var (
	structGrammar  = build[Struct]()
	funcGrammar    = build[Func]()
	eventGrammar   = build[Event]()
	enumGrammar    = build[Enum]()
	unionGrammar   = build[Union]()
	constGrammar   = build[Const]()
	ctorGrammar    = build[Ctor]()
	libraryGrammar = build[Library]()
)

// parseByKeyword parses a chunk holding exactly one well-formed declaration, or
// returns nil.
func parseByKeyword(toks []lexer.Token, sp span, end lexer.Position) *Decl {
	if sp.start >= sp.end {
		return nil
	}
	eof := lexer.Token{Type: lexer.EOF, Pos: end}
	if sp.end < len(toks) {
		eof.Pos = toks[sp.end].Pos
	}
	peek, err := lexer.Upgrade(&sliceLexer{toks: toks[sp.start:sp.end], eof: eof})
	if err != nil {
		return nil
	}
	d := &Decl{Pos: toks[sp.start].Pos, EndPos: eof.Pos}
	switch toks[sp.start].Value {
	case "struct":
		d.Struct, err = structGrammar.ParseFromLexer(peek)
	case "fn", "async", "static", "host":
		d.Func, err = funcGrammar.ParseFromLexer(peek)
	case "event":
		d.Event, err = eventGrammar.ParseFromLexer(peek)
	case "enum":
		d.Enum, err = enumGrammar.ParseFromLexer(peek)
	case "union":
		d.Union, err = unionGrammar.ParseFromLexer(peek)
	case "const":
		d.Const, err = constGrammar.ParseFromLexer(peek)
	case "ctor":
		d.Ctor, err = ctorGrammar.ParseFromLexer(peek)
	case "library":
		d.Library, err = libraryGrammar.ParseFromLexer(peek)
	default:
		return nil
	}
	if err != nil {
		return nil
	}
	return d
}
