package parser

import "github.com/alecthomas/participle/v2/lexer"

// The syntax tree is the participle grammar: one struct per production,
// alternatives aligned in a column. It records what was written and where;
// it resolves nothing and enforces no rule that needs more than one token of
// context (those belong to package check).
//
// Every node's Pos is the position of its first token. Doc holds the lines
// of the `///` comment block right before the node, with the `///` and one
// following space removed; the parser attaches it after parsing.

// File is one .ffi file.
type File struct {
	Pos   lexer.Position
	Decls []*Decl `parser:"@@*"`

	// Comments holds every comment of the file (line, block and doc), in
	// source order, for `ffic fmt`.
	Comments []lexer.Token
	// EndPos is the position of the end of the file.
	EndPos lexer.Position
	// Broken lists the declarations left out of Decls for a syntax error.
	Broken []Broken
}

// Broken is a declaration with a syntax error: its keyword ("struct",
// "fn", ...) and its name when it got that far, so that the checker does
// not also report what it declares as missing (`unknown type`, `missing
// library declaration`): the syntax error says why.
type Broken struct {
	Keyword string
	Name    lexer.Token // zero when the error came before the name
}

// Decl is one top-level declaration.
type Decl struct {
	Pos     lexer.Position
	Struct  *Struct  `parser:"  @@"`
	Func    *Func    `parser:"| @@"`
	Event   *Event   `parser:"| @@"`
	Enum    *Enum    `parser:"| @@"`
	Union   *Union   `parser:"| @@"`
	Const   *Const   `parser:"| @@"`
	Ctor    *Ctor    `parser:"| @@"`
	Library *Library `parser:"| @@"`

	// EndPos is the position right after the declaration; participle sets
	// it only when the declaration parsed completely.
	EndPos lexer.Position
}

// Library is `library name;`.
type Library struct {
	Pos  lexer.Position
	Doc  []string
	Name lexer.Token `parser:"'library' @Ident ';'"`
}

// Const is `const NAME: type = value;`.
type Const struct {
	Pos   lexer.Position
	Doc   []string
	Name  lexer.Token `parser:"'const' @Ident ':'"`
	Type  *TypeRef    `parser:"@@ '='"`
	Value *Literal    `parser:"@@ ';'"`
}

// Literal is a constant value as written.
type Literal struct {
	Pos   lexer.Position
	Neg   bool    `parser:"@'-'?"`
	Int   *string `parser:"(  @Int"`
	Float *string `parser:" | @Float"`
	Str   *string `parser:" | @String"`
	Ident *string `parser:" | @Ident )"`
}

// Enum is `enum Name { members }`.
type Enum struct {
	Pos     lexer.Position
	Doc     []string
	Name    lexer.Token `parser:"'enum' @Ident '{'"`
	Members []*Member   `parser:"( @@ ( ',' @@ )* ','? )? '}'"`
}

// Member is an enum member, with an optional explicit value.
type Member struct {
	Pos   lexer.Position
	Doc   []string
	Name  lexer.Token `parser:"@Ident"`
	Value *Literal    `parser:"( '=' @@ )?"`
}

// Struct is `struct Name { fields }`.
type Struct struct {
	Pos    lexer.Position
	Doc    []string
	Name   lexer.Token `parser:"'struct' @Ident '{'"`
	Fields []*Field    `parser:"( @@ ( ',' @@ )* ','? )? '}'"`
}

// Field is `name: type`, in a struct or a parameter list.
type Field struct {
	Pos  lexer.Position
	Doc  []string
	Name lexer.Token `parser:"@Ident ':'"`
	Type *TypeRef    `parser:"@@"`
}

// Union is `union Name { arms }`.
type Union struct {
	Pos  lexer.Position
	Doc  []string
	Name lexer.Token `parser:"'union' @Ident '{'"`
	Arms []*Arm      `parser:"( @@ ( ',' @@ )* ','? )? '}'"`
}

// Arm is a union arm: `name: type` or a bare `name`.
type Arm struct {
	Pos  lexer.Position
	Doc  []string
	Name lexer.Token `parser:"@Ident"`
	Type *TypeRef    `parser:"( ':' @@ )?"`
}

// Ctor is `ctor(params) throws E;`.
type Ctor struct {
	Pos    lexer.Position
	Doc    []string
	Params []*Field `parser:"'ctor' '(' ( @@ ( ',' @@ )* ','? )? ')'"`
	Throws *TypeRef `parser:"( 'throws' @@ )? ';'"`
}

// Event is `event name(params);`.
type Event struct {
	Pos    lexer.Position
	Doc    []string
	Name   lexer.Token `parser:"'event' @Ident"`
	Params []*Field    `parser:"'(' ( @@ ( ',' @@ )* ','? )? ')' ';'"`
}

// Func is any call: `fn`, `async fn`, `static fn`, `static async fn` and
// `host fn`. The combinations the language forbids (`host async fn`) parse
// and are rejected by the checker with a precise message.
type Func struct {
	Pos    lexer.Position
	Doc    []string
	Host   bool        `parser:"@'host'?"`
	Static bool        `parser:"@'static'?"`
	Async  bool        `parser:"@'async'?"`
	Name   lexer.Token `parser:"'fn' @Ident"`
	Params []*Field    `parser:"'(' ( @@ ( ',' @@ )* ','? )? ')'"`
	Result *TypeRef    `parser:"( '->' @@ )?"`
	Throws *TypeRef    `parser:"( 'throws' @@ )? ';'"`
}

// TypeRef is a type as written: a name, type arguments, and any number of
// `?` (more than one is an error the checker reports at the second).
type TypeRef struct {
	Pos      lexer.Position
	Name     lexer.Token `parser:"@Ident"`
	Args     []*TypeRef  `parser:"( '<' @@ ( ',' @@ )* ','? '>' )?"`
	Optional []Question  `parser:"@@*"`
}

// Question is one `?` after a type.
type Question struct {
	Pos lexer.Position
	Q   string `parser:"@'?'"`
}
