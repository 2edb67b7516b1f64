import path from 'node:path';
import ts from 'typescript';

/**
 * Which `ErrorCode`s each mutation can answer with, read from the source: from the body of every
 * `@Mutation` resolver method, follow every function, method, class and constant it refers to (the
 * services, the shared helpers, the policies and their rule lists, whatever they call in turn) and
 * collect the `ErrorCode.X` they mention. A call through an interface (the Stripe client, the token
 * service) follows every class in src/ that implements it and the file that declares it.
 *
 * It over-approximates (a code mentioned in a function that is reachable but never throws it
 * counts), which is the safe side: `test/unit/error-domains.test.ts` demands that each of these
 * codes is in the enum of the mutation's payload errors.
 */
export interface MutationReach {
  /** GraphQL field name of the mutation. */
  mutation: string;
  /** `file:line` of the resolver method. */
  at: string;
  /** Code -> one place that mentions it, `file:line`. */
  codes: Map<string, string>;
}

export interface ReachReport {
  mutations: MutationReach[];
  /** Field resolvers whose return type names a domain error type (`submissionProblems`). */
  fields: MutationReach[];
  /** Places that make an ErrorCode the analysis cannot see (`ErrorCode[name]`, `'X' as ErrorCode`). */
  opaque: string[];
}

const ROOT = path.resolve(__dirname, '../..');
const SRC = path.join(ROOT, 'src') + path.sep;

export function analyzeErrorReach(): ReachReport {
  const configPath = path.join(ROOT, 'tsconfig.json');
  const config = ts.readConfigFile(configPath, (p) => ts.sys.readFile(p));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  const rootNames = parsed.fileNames.filter((f) => path.resolve(f).startsWith(SRC));
  const program = ts.createProgram({ rootNames, options: { ...parsed.options, noEmit: true } });
  const checker = program.getTypeChecker();
  const inSrc = (sf: ts.SourceFile) => path.resolve(sf.fileName).startsWith(SRC) && !sf.isDeclarationFile;
  const sources = program.getSourceFiles().filter(inSrc);
  const where = (n: ts.Node) => {
    const sf = n.getSourceFile();
    return `${path.relative(ROOT, sf.fileName)}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
  };

  const errorCodeEnum = sources
    .find((s) => s.fileName.endsWith('src/core/errors.ts'))
    ?.statements.find((s): s is ts.EnumDeclaration => ts.isEnumDeclaration(s) && s.name.text === 'ErrorCode');
  if (!errorCodeEnum) throw new Error('enum ErrorCode not found in src/core/errors.ts');
  const errorCodeSymbol = checker.getSymbolAtLocation(errorCodeEnum.name);

  // interface name -> classes in src/ that implement it (calls through the interface reach them).
  const implementers = new Map<string, ts.ClassDeclaration[]>();
  for (const sf of sources) {
    const visit = (n: ts.Node): void => {
      if (ts.isClassDeclaration(n)) {
        for (const h of n.heritageClauses ?? []) {
          for (const t of h.types) {
            const s = resolve(checker.getSymbolAtLocation(t.expression));
            for (const d of s?.declarations ?? []) {
              if (!ts.isInterfaceDeclaration(d) && !ts.isClassDeclaration(d)) continue;
              const list = implementers.get(key(d)) ?? [];
              list.push(n);
              implementers.set(key(d), list);
            }
          }
        }
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }

  function resolve(s: ts.Symbol | undefined): ts.Symbol | undefined {
    if (s && s.flags & ts.SymbolFlags.Alias) return checker.getAliasedSymbol(s);
    return s;
  }
  function key(d: ts.Node): string {
    return `${d.getSourceFile().fileName}:${d.pos}`;
  }

  const opaque = new Set<string>();
  const isErrorCode = (e: ts.Expression) =>
    ts.isIdentifier(e) && resolve(checker.getSymbolAtLocation(e)) === errorCodeSymbol;

  /** Codes reachable from a node; memoised per declaration, cycles cut (a cycle adds nothing new). */
  function reach(start: ts.Node): Map<string, string> {
    const codes = new Map<string, string>();
    const seen = new Set<string>();
    const queue: ts.Node[] = [start];
    const enqueue = (d: ts.Node) => {
      if (!inSrc(d.getSourceFile())) return;
      const k = key(d);
      if (seen.has(k)) return;
      seen.add(k);
      queue.push(d);
    };
    const follow = (s: ts.Symbol | undefined) => {
      for (const d of resolve(s)?.declarations ?? []) {
        if (!inSrc(d.getSourceFile())) continue;
        if (ts.isPropertySignature(d) || ts.isMethodSignature(d)) {
          // A call through an interface member: every implementation in src/, and the declaring file.
          const owner = d.parent;
          if (ts.isInterfaceDeclaration(owner) || ts.isTypeLiteralNode(owner)) {
            for (const c of implementers.get(key(owner)) ?? []) enqueue(c);
            enqueue(d.getSourceFile());
          }
          continue;
        }
        if (ts.isEnumMember(d) || ts.isEnumDeclaration(d) || ts.isTypeAliasDeclaration(d)) continue;
        if (ts.isInterfaceDeclaration(d) || ts.isModuleDeclaration(d)) continue;
        if (ts.isParameter(d)) continue;
        // `import * as tranches`: the module itself is not followed, `tranches.requestTranche` is.
        if (ts.isSourceFile(d)) continue;
        enqueue(d);
      }
    };
    while (queue.length > 0) {
      const node = queue.pop() as ts.Node;
      const visit = (n: ts.Node): void => {
        if (ts.isTypeNode(n) || ts.isDecorator(n) || ts.isImportDeclaration(n)) return;
        if (ts.isPropertyAccessExpression(n) && isErrorCode(n.expression)) {
          if (!codes.has(n.name.text)) codes.set(n.name.text, where(n));
          return;
        }
        if (ts.isElementAccessExpression(n) && isErrorCode(n.expression)) opaque.add(where(n));
        if ((ts.isAsExpression(n) || ts.isTypeAssertionExpression(n)) && ts.isTypeReferenceNode(n.type)) {
          const t = resolve(checker.getSymbolAtLocation(n.type.typeName));
          if (t === errorCodeSymbol) opaque.add(where(n));
        }
        if (ts.isIdentifier(n)) {
          follow(checker.getSymbolAtLocation(n));
        } else if (ts.isPropertyAccessExpression(n)) {
          follow(checker.getSymbolAtLocation(n.name));
        } else if (ts.isNewExpression(n) || ts.isCallExpression(n)) {
          // constructors of `new X()` are reached through X's declaration (the class, walked whole).
        }
        ts.forEachChild(n, visit);
      };
      visit(node);
    }
    return codes;
  }

  const decoratorName = (d: ts.Decorator) =>
    ts.isCallExpression(d.expression) && ts.isIdentifier(d.expression.expression) ? d.expression.expression.text : null;

  const mutations: MutationReach[] = [];
  const fields: MutationReach[] = [];
  for (const sf of sources) {
    const visit = (n: ts.Node): void => {
      if (ts.isMethodDeclaration(n) && n.body) {
        for (const d of ts.getDecorators(n) ?? []) {
          const name = decoratorName(d);
          if (name !== 'Mutation' && name !== 'FieldResolver') continue;
          const call = d.expression as ts.CallExpression;
          const opts = call.arguments[1];
          let fieldName = (n.name as ts.Identifier).text;
          if (opts && ts.isObjectLiteralExpression(opts)) {
            for (const p of opts.properties) {
              if (ts.isPropertyAssignment(p) && p.name.getText() === 'name' && ts.isStringLiteral(p.initializer)) {
                fieldName = p.initializer.text;
              }
            }
          }
          if (name === 'FieldResolver') {
            // Only field resolvers that answer with a domain's error type (`() => [errorType(DOMAIN)]`).
            const ret = call.arguments[0]?.getText() ?? '';
            if (!ret.includes('errorType(')) continue;
          }
          const entry = { mutation: fieldName, at: where(n), codes: reach(n.body) };
          (name === 'Mutation' ? mutations : fields).push(entry);
        }
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return { mutations, fields, opaque: [...opaque].sort() };
}
