// Given-name equivalences (formal name, its nicknames and common spelling variants). A name can
// sit in several groups ("pat" = Patrick and Patricia), so equivalence is "share a group".
const GROUPS: readonly string[] = [
  'robert bob bobby rob robbie bert',
  'william bill billy will willy willie liam',
  'elizabeth liz lizzie lizzy beth betty betsy eliza libby elisabeth elise bess',
  'margaret peggy maggie meg marge madge greta margie',
  'richard dick rick ricky rich richie',
  'james jim jimmy jamie',
  'john jack johnny jon',
  'michael mike mick mickey mikey',
  'thomas tom tommy',
  'charles charlie chuck chas',
  'edward ed eddie ted teddy ned',
  'joseph joe joey',
  'daniel dan danny',
  'david dave davy',
  'christopher chris kit',
  'matthew matt',
  'anthony tony antony',
  'andrew andy drew',
  'benjamin ben benny',
  'samuel sam sammy',
  'alexander alex alec sandy xander',
  'nicholas nick nicky nicolas',
  'jonathan jon jonny',
  'steven stephen steve stevie',
  'patrick pat paddy',
  'peter pete',
  'timothy tim timmy',
  'katherine catherine kathryn kate kathy katie cathy kat kitty kay',
  'jennifer jen jenny',
  'jessica jess jessie',
  'susan sue susie suzanne susanna',
  'deborah debbie deb debra',
  'rebecca becky becca',
  'patricia pat patty tricia trish',
  'victoria vicky vicki tori',
  'alexandra alex sandra sandy sasha',
  'christine chris chrissy christina tina',
  'barbara barb barbie',
  'dorothy dot dottie',
  'jacqueline jackie',
  'kimberly kimberley kim',
  'pamela pam',
  'samantha sam sammie',
  'theresa teresa terry tess tessa',
  'abigail abby',
  'gregory greg',
  'jeffrey geoffrey jeff geoff',
  'kenneth ken kenny',
  'lawrence laurence larry',
  'leonard len lenny leo',
  'ronald ron ronnie',
  'donald don donnie',
  'douglas doug',
  'gerald gerry jerry',
  'raymond ray',
  'frederick fred freddy freddie',
  'henry harry hank',
  'harold hal harry',
  'walter walt wally',
  'albert al bert',
  'alfred alf alfie',
  'francis frank',
  'franklin frank',
  'eugene gene',
  'louis lou',
  'philip phillip phil',
  'nathaniel nathan nate nat',
  'zachary zach zack',
  'joshua josh',
  'jacob jake',
  'maximilian max',
  'emily em emmy',
  'isabella isabel bella izzy',
  'sophia sophie',
  'olivia liv',
  'amanda mandy',
  'cynthia cindy',
  'judith judy',
  'eleanor ellie nell',
  'helen nell',
  'mary molly polly mae',
  'ann anne anna annie nancy',
  'sarah sara sally sadie',
  'martha marty patsy',
  'virginia ginny',
  'frances fran fanny',
  'janet jan',
  'joanna jo joanne',
  'josephine jo josie',
  'kristen kris kristin',
  'lucille lucy',
  'madeline madeleine maddie',
  'natalie nat',
  'penelope penny',
  'rosemary rose rosie',
  'valerie val',
  'stuart stewart stu',
  'clifford cliff',
  'dominic dom',
  'gabriel gabe',
  'vincent vince vinny',
  'randolph randy',
  'russell russ',
  'terence terrence terry',
  'bradley brad',
  'cameron cam',
  'mitchell mitch',
  'augustus gus',
  'archibald archie',
  'reginald reg reggie',
  'rodney rod',
  'catherine cate',
  'jeremy jerry',
  'johanna hanna hannah',
  'susannah',
];

const groupsOf = new Map<string, number[]>();
GROUPS.forEach((line, g) => {
  for (const name of line.split(' ')) {
    const list = groupsOf.get(name);
    if (list) list.push(g);
    else groupsOf.set(name, [g]);
  }
});

/** True when two folded given names are the same name or share a nickname group (Bob ~ Robert). */
export function sameGivenName(a: string, b: string): boolean {
  if (a === b) return a !== '';
  const ga = groupsOf.get(a);
  const gb = groupsOf.get(b);
  return ga !== undefined && gb !== undefined && ga.some((g) => gb.includes(g));
}

/** Formal names a folded given name may stand for (blocking keys); [] when it is in no group. */
export function nicknameKeys(name: string): string[] {
  return (groupsOf.get(name) ?? []).map((g) => GROUPS[g]?.split(' ')[0] ?? name);
}

const NO_GROUPS: readonly number[] = [];

/** Group numbers of a folded given name (precomputed per record: sameGivenName without lookups). */
export function nicknameGroups(name: string): readonly number[] {
  return groupsOf.get(name) ?? NO_GROUPS;
}
