#pragma once
// The PEGTL grammar of the rule language (.vtr files). One struct per rule; the EBNF:
//
//   file       := ws { let_decl | param_decl | rule_decl } EOF
//   let_decl   := 'let' NAME '=' expr
//   param_decl := 'param' NAME '=' expr
//   rule_decl  := 'rule' RULE_ID STRING '{' { rule_item } '}'
//   rule_item  := attribute | 'when' expr | for_clause | rule_let | statement
//   attribute  := 'severity' ('info'|'low'|'medium'|'high') | 'tags' '[' TAG {',' TAG} ']'
//               | 'reference' STRING | 'rationale' STRING | 'practice' STRING
//               | 'disruption' ('none'|'low'|'high') | 'reboot' ('true'|'false')
//               | 'priority' ['-'] INT
//   for_clause := 'for' NAME 'in' expr [ 'where' expr ]
//   rule_let   := 'let' NAME '=' expr [ 'where' expr ]       (bound once, nests like a 'for')
//   statement  := 'set' target set_op expr | 'advise' STRING | 'check' expr STRING
//   set_op     := '=' | '>=' | '<=' | 'covers'    (exact, floor, ceiling, [low, high] range)
//   target     := 'sysctl' STRING | 'sysfs' STRING
//               | 'ethtool' '(' expr ')' '.' ( ('ring'|'coalesce'|'channels') '.' IDENT
//                                          | 'feature' '.' STRING )
//               | 'irq_affinity' '(' expr ',' expr ')'
//               | ('rps'|'rps_flow'|'xps') '(' expr ',' expr ')'
//               | 'daemon_json' '.' STRING { '.' STRING }
//               | 'modprobe' '(' IDENT ')' '.' IDENT
//               | 'vmx' '(' expr ')' '.' STRING
//   expr       := coalesce
//   coalesce   := or_expr [ '??' coalesce ]                      (right associative)
//   or_expr    := and_expr { 'or' and_expr }
//   and_expr   := not_expr { 'and' not_expr }
//   not_expr   := 'not' not_expr | comparison
//   comparison := additive [ ('=='|'!='|'<='|'>='|'<'|'>'|'in') additive ]   (no chaining)
//   additive   := term { ('+'|'-') term }
//   term       := unary { ('*'|'/'|'%') unary }
//   unary      := '-' unary | postfix
//   postfix    := primary { '.' (IDENT | STRING) | '[' expr ']' }
//   primary    := QUANTITY | FLOAT | INT | STRING | 'true' | 'false' | 'null'
//               | '[' [ expr { ',' expr } ] ']' | 'param' '.' IDENT
//               | ('any'|'all'|'count') '(' NAME 'in' expr ':' expr ')'
//               | IDENT '(' [ expr { ',' expr } ] ')' | NAME | '(' expr ')'
//   STRING     := '"' { char | '\' ('"'|'\'|'n'|'t'|'{'|'}') | '{' expr '}' } '"'
//   QUANTITY   := (INT | FLOAT) UNIT      UNIT := B KiB MiB GiB TiB bit Kbit Mbit Gbit Tbit
//                                                 ns us ms s min h %
//   RULE_ID    := SEGMENT { '.' SEGMENT }  SEGMENT := [a-z0-9][a-z0-9_-]*
//   NAME       := IDENT that is not a keyword; comments run from '#' to the end of the line.
//
// Error messages start with their diagnostic code ("VT0101|...") so the parser can report
// the right code without a second table.
#include <tao/pegtl.hpp>

namespace vtune::lang::grammar {

using namespace tao::pegtl;

// ---- lexical -------------------------------------------------------------------------
struct comment : seq<one<'#'>, until<eolf>> {};
struct ws : star<sor<space, comment>> {};
struct ident_first : ranges<'a', 'z', 'A', 'Z', '_'> {};
struct ident_other : ranges<'a', 'z', 'A', 'Z', '0', '9', '_'> {};
struct raw_ident : seq<ident_first, star<ident_other>> {};

template <class Word>
struct kw : seq<Word, not_at<ident_other>, ws> {};

struct k_and : TAO_PEGTL_STRING("and") {};
struct k_or : TAO_PEGTL_STRING("or") {};
struct k_not : TAO_PEGTL_STRING("not") {};
struct k_in : TAO_PEGTL_STRING("in") {};
struct k_true : TAO_PEGTL_STRING("true") {};
struct k_false : TAO_PEGTL_STRING("false") {};
struct k_null : TAO_PEGTL_STRING("null") {};
struct k_param : TAO_PEGTL_STRING("param") {};
struct k_let : TAO_PEGTL_STRING("let") {};
struct k_rule : TAO_PEGTL_STRING("rule") {};
struct k_when : TAO_PEGTL_STRING("when") {};
struct k_for : TAO_PEGTL_STRING("for") {};
struct k_where : TAO_PEGTL_STRING("where") {};
struct k_set : TAO_PEGTL_STRING("set") {};
struct k_advise : TAO_PEGTL_STRING("advise") {};
struct k_check : TAO_PEGTL_STRING("check") {};
struct reserved : seq<sor<k_and, k_or, k_not, k_in, k_true, k_false, k_null, k_param, k_let,
                          k_rule, k_when, k_for, k_where, k_set, k_advise, k_check>,
                      not_at<ident_other>> {};
struct name : seq<not_at<reserved>, raw_ident> {};

struct comma : seq<one<','>, ws> {};
struct dot : seq<one<'.'>, ws> {};
struct colon : seq<one<':'>, ws> {};
struct equals : seq<one<'='>, not_at<one<'='>>, ws> {};
struct lparen : seq<one<'('>, ws> {};
struct rparen : seq<one<')'>, ws> {};
struct lbracket : seq<one<'['>, ws> {};
struct rbracket : seq<one<']'>, ws> {};
struct lbrace : seq<one<'{'>, ws> {};
struct rbrace : seq<one<'}'>, ws> {};

// ---- literals ------------------------------------------------------------------------
struct expr;

struct digits : plus<digit> {};
struct number_text : seq<digits, opt<one<'.'>, digits>> {};
struct unit : sor<TAO_PEGTL_STRING("KiB"), TAO_PEGTL_STRING("MiB"), TAO_PEGTL_STRING("GiB"),
                  TAO_PEGTL_STRING("TiB"), TAO_PEGTL_STRING("Kbit"), TAO_PEGTL_STRING("Mbit"),
                  TAO_PEGTL_STRING("Gbit"), TAO_PEGTL_STRING("Tbit"), TAO_PEGTL_STRING("bit"),
                  TAO_PEGTL_STRING("min"), TAO_PEGTL_STRING("ms"), TAO_PEGTL_STRING("ns"),
                  TAO_PEGTL_STRING("us"), one<'s'>, one<'h'>, one<'B'>, one<'%'>> {};
struct quantity_lit : seq<number_text, unit, not_at<ident_other>> {};
struct float_lit : seq<digits, one<'.'>, digits, not_at<ident_first>> {};
struct int_lit : seq<digits, not_at<ident_first>> {};
struct number : sor<quantity_lit, float_lit, int_lit> {};
struct number_tok : seq<number, ws> {};

struct escaped_char : one<'"', '\\', 'n', 't', '{', '}'> {};
struct str_escape : seq<one<'\\'>, must<escaped_char>> {};
struct str_plain : plus<not_one<'"', '\\', '{', '\n', '\r'>> {};
struct str_hole_close : one<'}'> {};
struct str_hole : seq<one<'{'>, ws, must<expr>, must<str_hole_close>> {};
struct str_open : one<'"'> {};
struct str_close : one<'"'> {};
struct string_lit : seq<str_open, star<sor<str_plain, str_escape, str_hole>>, must<str_close>> {};
struct string_tok : seq<string_lit, ws> {};

struct true_lit : kw<k_true> {};
struct false_lit : kw<k_false> {};
struct null_lit : kw<k_null> {};

// ---- expressions ---------------------------------------------------------------------
struct list_open : lbracket {};
struct list_lit : seq<list_open, opt<expr, star<comma, must<expr>>>, must<rbracket>> {};
struct param_name : seq<raw_ident, ws> {};
struct param_ref : seq<kw<k_param>, must<dot>, must<param_name>> {};
struct paren : seq<lparen, must<expr>, must<rparen>> {};

struct quant_word : sor<TAO_PEGTL_STRING("any"), TAO_PEGTL_STRING("all"), TAO_PEGTL_STRING("count")> {};
struct quant_open : seq<quant_word, not_at<ident_other>, ws, lparen> {};
struct quant_var : seq<name, ws> {};
struct quantifier : seq<quant_open, quant_var, kw<k_in>, must<expr>, must<colon>, must<expr>,
                        must<rparen>> {};

struct call_open : seq<raw_ident, ws, lparen> {};
struct call : seq<call_open, opt<expr, star<comma, must<expr>>>, must<rparen>> {};
struct name_ref : seq<name, ws> {};

struct primary : sor<number_tok, string_tok, true_lit, false_lit, null_lit, list_lit, param_ref,
                     quantifier, call, name_ref, paren> {};

struct member_name : seq<raw_ident, ws> {};
struct member_string : string_tok {};
struct member : seq<one<'.'>, ws, must<sor<member_name, member_string>>> {};
struct index : seq<lbracket, must<expr>, must<rbracket>> {};
struct postfix : seq<primary, star<sor<member, index>>> {};

struct unary;
struct negation : seq<one<'-'>, ws, must<unary>> {};
struct unary : sor<negation, postfix> {};

struct mul_op : sor<one<'*'>, one<'/'>, one<'%'>> {};
struct mul_tail : seq<mul_op, ws, must<unary>> {};
struct term : seq<unary, star<mul_tail>> {};

struct add_op : sor<one<'+'>, seq<one<'-'>>> {};
struct add_tail : seq<add_op, ws, must<term>> {};
struct additive : seq<term, star<add_tail>> {};

struct cmp_op : sor<TAO_PEGTL_STRING("=="), TAO_PEGTL_STRING("!="), TAO_PEGTL_STRING("<="),
                    TAO_PEGTL_STRING(">="), one<'<'>, one<'>'>, seq<k_in, not_at<ident_other>>> {};
struct cmp_tail : seq<cmp_op, ws, must<additive>> {};
struct no_chained_comparison : not_at<cmp_op> {};
struct comparison : seq<additive, opt<cmp_tail, must<no_chained_comparison>>> {};

struct not_expr;
struct negated : seq<kw<k_not>, must<not_expr>> {};
struct not_expr : sor<negated, comparison> {};

struct and_tail : seq<kw<k_and>, must<not_expr>> {};
struct and_expr : seq<not_expr, star<and_tail>> {};

struct or_tail : seq<kw<k_or>, must<and_expr>> {};
struct or_expr : seq<and_expr, star<or_tail>> {};

struct coalesce;
struct coalesce_tail : seq<TAO_PEGTL_STRING("??"), ws, must<coalesce>> {};
struct coalesce : seq<or_expr, opt<coalesce_tail>> {};

struct expr : coalesce {};

// ---- statements and targets ----------------------------------------------------------
struct target_string : string_tok {};
struct sysctl_target : seq<kw<TAO_PEGTL_STRING("sysctl")>, must<target_string>> {};
struct sysfs_target : seq<kw<TAO_PEGTL_STRING("sysfs")>, must<target_string>> {};

struct ethtool_group : sor<kw<TAO_PEGTL_STRING("ring")>, kw<TAO_PEGTL_STRING("coalesce")>,
                           kw<TAO_PEGTL_STRING("channels")>> {};
struct target_ident : seq<raw_ident, ws> {};
struct ethtool_field : seq<ethtool_group, must<dot>, must<target_ident>> {};
struct ethtool_feature : seq<kw<TAO_PEGTL_STRING("feature")>, must<dot>, must<target_string>> {};
struct ethtool_member : sor<ethtool_feature, ethtool_field> {};
struct ethtool_target : seq<kw<TAO_PEGTL_STRING("ethtool")>, must<lparen>, must<expr>,
                            must<rparen>, must<dot>, must<ethtool_member>> {};

struct queue_args : seq<must<lparen>, must<expr>, must<comma>, must<expr>, must<rparen>> {};
struct irq_target : seq<kw<TAO_PEGTL_STRING("irq_affinity")>, queue_args> {};
struct rps_word : sor<TAO_PEGTL_STRING("rps_flow"), TAO_PEGTL_STRING("rps"),
                      TAO_PEGTL_STRING("xps")> {};
struct rps_target : seq<rps_word, not_at<ident_other>, ws, queue_args> {};

struct daemon_json_target : seq<kw<TAO_PEGTL_STRING("daemon_json")>, must<dot>,
                                must<target_string>, star<dot, must<target_string>>> {};
struct module_name : seq<raw_ident, ws> {};
struct modprobe_target : seq<kw<TAO_PEGTL_STRING("modprobe")>, must<lparen>, must<module_name>,
                             must<rparen>, must<dot>, must<target_ident>> {};
struct vmx_target : seq<kw<TAO_PEGTL_STRING("vmx")>, must<lparen>, must<expr>, must<rparen>,
                        must<dot>, must<target_string>> {};
struct unknown_target : failure {};
struct target : sor<sysctl_target, sysfs_target, ethtool_target, irq_target, rps_target,
                    daemon_json_target, modprobe_target, vmx_target, must<unknown_target>> {};

struct set_at_least : seq<TAO_PEGTL_STRING(">="), ws> {};
struct set_at_most : seq<TAO_PEGTL_STRING("<="), ws> {};
struct set_covers : kw<TAO_PEGTL_STRING("covers")> {};
struct set_assign : equals {};
struct set_op : sor<set_at_least, set_at_most, set_covers, set_assign> {};
struct set_stmt : seq<kw<k_set>, target, must<set_op>, must<expr>> {};
struct advise_text : string_tok {};
struct advise_stmt : seq<kw<k_advise>, must<advise_text>> {};
struct check_message : string_tok {};
struct check_stmt : seq<kw<k_check>, must<expr>, must<check_message>> {};
struct statement : sor<set_stmt, advise_stmt, check_stmt> {};

// ---- rules ---------------------------------------------------------------------------
struct severity_value : sor<kw<TAO_PEGTL_STRING("info")>, kw<TAO_PEGTL_STRING("low")>,
                            kw<TAO_PEGTL_STRING("medium")>, kw<TAO_PEGTL_STRING("high")>> {};
struct severity_attr : seq<kw<TAO_PEGTL_STRING("severity")>, must<severity_value>> {};
struct tag : seq<ranges<'a', 'z', 'A', 'Z', '0', '9', '_'>,
                 star<ranges<'a', 'z', 'A', 'Z', '0', '9', '_', '_', '-', '-'>>, ws> {};
struct tags_attr : seq<kw<TAO_PEGTL_STRING("tags")>, must<lbracket>, must<tag>,
                       star<comma, must<tag>>, must<rbracket>> {};
struct attr_word : sor<TAO_PEGTL_STRING("reference"), TAO_PEGTL_STRING("rationale"),
                       TAO_PEGTL_STRING("practice")> {};
struct attr_text : string_tok {};
struct text_attr : seq<attr_word, not_at<ident_other>, ws, must<attr_text>> {};
struct disruption_value : sor<kw<TAO_PEGTL_STRING("none")>, kw<TAO_PEGTL_STRING("low")>,
                              kw<TAO_PEGTL_STRING("high")>> {};
struct disruption_attr : seq<kw<TAO_PEGTL_STRING("disruption")>, must<disruption_value>> {};
struct reboot_value : sor<kw<k_true>, kw<k_false>> {};
struct reboot_attr : seq<kw<TAO_PEGTL_STRING("reboot")>, must<reboot_value>> {};
struct priority_value : seq<opt<one<'-'>>, digits, not_at<ident_other>, ws> {};
struct priority_attr : seq<kw<TAO_PEGTL_STRING("priority")>, must<priority_value>> {};
struct attribute : sor<severity_attr, tags_attr, text_attr, disruption_attr, reboot_attr,
                       priority_attr> {};

struct when_clause : seq<kw<k_when>, must<expr>> {};
struct loop_var : seq<name, ws> {};
struct loop_in : kw<k_in> {};
struct where_clause : seq<kw<k_where>, must<expr>> {};
struct for_clause : seq<kw<k_for>, must<loop_var>, must<loop_in>, must<expr>,
                        opt<where_clause>> {};
struct let_var : seq<name, ws> {};
struct rule_let : seq<kw<k_let>, must<let_var>, must<equals>, must<expr>, opt<where_clause>> {};
struct rule_item : sor<attribute, when_clause, for_clause, rule_let, statement> {};

struct rule_id : seq<ranges<'a', 'z', '0', '9'>, star<ranges<'a', 'z', '0', '9', '_', '_', '-', '-'>>,
                     star<one<'.'>, ranges<'a', 'z', '0', '9'>,
                          star<ranges<'a', 'z', '0', '9', '_', '_', '-', '-'>>>,
                     not_at<ranges<'A', 'Z', '.', '.'>>, ws> {};
struct rule_title : string_tok {};
struct rule_open : lbrace {};
struct rule_close : rbrace {};
struct rule_start : kw<k_rule> {};
struct rule_decl : seq<rule_start, must<rule_id>, must<rule_title>, must<rule_open>,
                       star<rule_item>, must<rule_close>> {};

struct decl_name : seq<name, ws> {};
struct let_decl : seq<kw<k_let>, must<decl_name>, must<equals>, must<expr>> {};
struct param_decl : seq<kw<k_param>, must<decl_name>, must<equals>, must<expr>> {};

struct top_item : sor<let_decl, param_decl, rule_decl> {};
struct end_of_file : eof {};
struct file : seq<ws, star<top_item>, must<end_of_file>> {};

// ---- error messages for must<> failures ----------------------------------------------
template <class Rule>
inline constexpr const char* error_message = nullptr;

template <> inline constexpr auto error_message<expr> = "VT0101|expected an expression";
template <> inline constexpr auto error_message<rparen> = "VT0101|expected ')'";
template <> inline constexpr auto error_message<rbracket> = "VT0101|expected ']'";
template <> inline constexpr auto error_message<colon> = "VT0101|expected ':' after the list of a quantifier";
template <> inline constexpr auto error_message<comma> = "VT0101|expected ','";
template <> inline constexpr auto error_message<dot> = "VT0101|expected '.'";
template <> inline constexpr auto error_message<lparen> = "VT0101|expected '('";
template <> inline constexpr auto error_message<equals> = "VT0101|expected '='";
template <> inline constexpr auto error_message<escaped_char> = "VT0103|unknown escape; use \\\" \\\\ \\n \\t \\{ or \\}";
template <> inline constexpr auto error_message<str_hole_close> = "VT0101|expected '}' to close the interpolation";
template <> inline constexpr auto error_message<str_close> = "VT0101|unterminated string";
template <> inline constexpr auto error_message<param_name> = "VT0101|expected a parameter name after 'param.'";
template <> inline constexpr auto error_message<sor<member_name, member_string>> = "VT0101|expected a key name or a quoted key after '.'";
template <> inline constexpr auto error_message<unary> = "VT0101|expected an operand";
template <> inline constexpr auto error_message<term> = "VT0101|expected an operand";
template <> inline constexpr auto error_message<additive> = "VT0101|expected an operand";
template <> inline constexpr auto error_message<no_chained_comparison> = "VT0101|comparisons do not chain; combine them with 'and'";
template <> inline constexpr auto error_message<not_expr> = "VT0101|expected an operand";
template <> inline constexpr auto error_message<and_expr> = "VT0101|expected an operand";
template <> inline constexpr auto error_message<coalesce> = "VT0101|expected an operand after '\?\?'";
template <> inline constexpr auto error_message<target_string> = "VT0101|expected a quoted string";
template <> inline constexpr auto error_message<target_ident> = "VT0101|expected a name";
template <> inline constexpr auto error_message<ethtool_member> = "VT0101|expected 'ring', 'coalesce', 'channels' or 'feature'";
template <> inline constexpr auto error_message<module_name> = "VT0101|expected a kernel module name";
template <> inline constexpr auto error_message<unknown_target> = "VT0115|unknown setting kind; expected sysctl, sysfs, ethtool, irq_affinity, rps, rps_flow, xps, daemon_json, modprobe or vmx";
template <> inline constexpr auto error_message<advise_text> = "VT0101|expected the advice text as a quoted string";
template <> inline constexpr auto error_message<check_message> = "VT0101|expected the failure message as a quoted string";
template <> inline constexpr auto error_message<severity_value> = "VT0101|expected info, low, medium or high";
template <> inline constexpr auto error_message<lbracket> = "VT0101|expected '['";
template <> inline constexpr auto error_message<tag> = "VT0101|expected a tag";
template <> inline constexpr auto error_message<attr_text> = "VT0101|expected a quoted string";
template <> inline constexpr auto error_message<disruption_value> = "VT0101|expected none, low or high";
template <> inline constexpr auto error_message<reboot_value> = "VT0101|expected true or false";
template <> inline constexpr auto error_message<priority_value> = "VT0101|expected an integer priority";
template <> inline constexpr auto error_message<set_op> = "VT0101|expected '=', '>=', '<=' or 'covers'";
template <> inline constexpr auto error_message<let_var> = "VT0101|expected a name (not a keyword)";
template <> inline constexpr auto error_message<loop_var> = "VT0101|expected a loop variable name";
template <> inline constexpr auto error_message<loop_in> = "VT0101|expected 'in'";
template <> inline constexpr auto error_message<rule_id> = "VT0101|expected a rule id such as net.socket-buffers (lowercase segments separated by '.')";
template <> inline constexpr auto error_message<rule_title> = "VT0101|expected the rule's title as a quoted string";
template <> inline constexpr auto error_message<rule_open> = "VT0101|expected '{'";
template <> inline constexpr auto error_message<rule_close> = "VT0101|expected an attribute, 'when', 'for', 'let', 'set', 'advise', 'check' or '}'";
template <> inline constexpr auto error_message<decl_name> = "VT0101|expected a name (not a keyword)";
template <> inline constexpr auto error_message<end_of_file> = "VT0101|expected 'let', 'param' or 'rule'";

// must_if raises only where a must<> fails, with the message above.
struct errors {
  template <class Rule>
  static constexpr auto message = error_message<Rule>;
  template <class Rule>
  static constexpr bool raise_on_failure = false;
};

}  // namespace vtune::lang::grammar
