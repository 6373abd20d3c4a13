// Ansible's INI inventory: groups, children, inline and group variables, host ranges.
import { describe, expect, it } from 'vitest';
import { groupsOf, hostsOf, parseIniInventory } from '../../../src/import/ansible-ini.js';
import { expandHostPattern } from '../../../src/import/ansible-ranges.js';

describe('host ranges', () => {
  it('expands numeric, zero-padded, alphabetic and stepped ranges, and ranges inside addresses', () => {
    expect(expandHostPattern('lb[1:3]')).toEqual(['lb1', 'lb2', 'lb3']);
    expect(expandHostPattern('web[08:10].example.net')).toEqual([
      'web08.example.net',
      'web09.example.net',
      'web10.example.net',
    ]);
    expect(expandHostPattern('db-[a:c]')).toEqual(['db-a', 'db-b', 'db-c']);
    expect(expandHostPattern('n[1:7:3]')).toEqual(['n1', 'n4', 'n7']);
    expect(expandHostPattern('10.17.4.[21:23]')).toEqual([
      '10.17.4.21',
      '10.17.4.22',
      '10.17.4.23',
    ]);
    expect(expandHostPattern('r[1:2]-[a:b]')).toEqual(['r1-a', 'r1-b', 'r2-a', 'r2-b']);
    expect(expandHostPattern('plain')).toEqual(['plain']);
  });

  it('refuses backwards, mixed and huge ranges', () => {
    expect(() => expandHostPattern('lb[3:1]')).toThrow(/end comes before the start/);
    expect(() => expandHostPattern('lb[1:c]')).toThrow(/both ends/);
    expect(() => expandHostPattern('lb[1:99999]')).toThrow(/more than 1024/);
  });
});

describe('hosts.ini', () => {
  const text = [
    '# comment',
    '[lbs]',
    'lb[1:3] ansible_user=core ansible_port=2222',
    'edge ansible_host=10.0.0.9 note="two words"',
    '',
    '[lbs:vars]',
    'ansible_become=true',
    '[masters]',
    '10.17.4.[21:22]',
    '[k3s:children]',
    'masters',
    '[broken]',
    'x[5:1]',
    'y ansible_host',
  ].join('\n');
  const inv = parseIniInventory(text);

  it('reads hosts with their inline variables (typed), group vars and children', () => {
    expect(hostsOf(inv, 'lbs').map((h) => h.name)).toEqual(['lb1', 'lb2', 'lb3', 'edge']);
    expect(hostsOf(inv, 'lbs')[1]).toEqual({
      name: 'lb2',
      vars: { ansible_user: 'core', ansible_port: 2222 },
      line: 3,
    });
    expect(hostsOf(inv, 'lbs')[3]?.vars).toEqual({ ansible_host: '10.0.0.9', note: 'two words' });
    expect(inv.groups.get('lbs')?.vars).toEqual({ ansible_become: true });
    expect(hostsOf(inv, 'k3s').map((h) => h.name)).toEqual(['10.17.4.21', '10.17.4.22']);
    expect(groupsOf(inv, '10.17.4.21')).toEqual(['masters', 'k3s']);
  });

  it('lists what it cannot read, with the line, instead of dropping it', () => {
    expect(inv.problems).toEqual([
      'hosts.ini:13: host range x[5:1]: the end comes before the start',
      'hosts.ini:14: cannot read the variables of y',
    ]);
  });
});
