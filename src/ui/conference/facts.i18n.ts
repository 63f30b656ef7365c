import { defineMessages } from '../i18n.ts';

/** Strings of the conference's facts card (plan, legal bases, announcement, invitations). */
export const ft = defineMessages(
  {
    title: 'Thông tin kế hoạch',
    edit: 'Sửa thông tin kế hoạch',
    plan_number: 'Số kế hoạch',
    plan_date: 'Ngày kế hoạch',
    legal_bases: 'Căn cứ (mỗi căn cứ một dòng)',
    legal_bases_add: 'Thêm căn cứ',
    legal_bases_empty: 'Chưa có căn cứ nào.',
    legal_bases_placeholder: 'Gõ một căn cứ rồi nhấn Enter, VD: Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015',
    announced_on: 'Ngày thông báo công khai',
    announced_hint: 'Chậm nhất 07 ngày trước buổi đối thoại đầu tiên.',
    invitations_sent_on: 'Ngày gửi giấy mời',
    survey_issued: 'Số phiếu khảo sát phát ra',
    not_entered: 'Chưa nhập',
    announcement_late: 'Thông báo muộn: phải thông báo chậm nhất ngày {latest} (07 ngày trước buổi đầu tiên, {first}).',
    saved: 'Đã lưu thông tin kế hoạch.',
  },
  {
    title: 'The plan',
    edit: 'Edit the plan’s details',
    plan_number: 'Plan number',
    plan_date: 'Plan date',
    legal_bases: 'Legal bases (one per line)',
    legal_bases_add: 'Add a legal basis',
    legal_bases_empty: 'No legal bases yet.',
    legal_bases_placeholder: 'Type one basis, then Enter, e.g. Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015',
    announced_on: 'Publicly announced on',
    announced_hint: 'At least 7 days before the first session.',
    invitations_sent_on: 'Invitations sent on',
    survey_issued: 'Survey forms handed out',
    not_entered: 'Not entered',
    announcement_late: 'Announced late: it had to go out by {latest} (7 days before the first session, {first}).',
    saved: 'The plan’s details are saved.',
  },
);
